package dev.abgw.gateway.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Lines for people: {@code abgw: MESSAGE} (as {@code abgw serve} always printed), {@code abgw: WARNING LOGGER:
 * MESSAGE} for warnings and errors of other loggers, and an access event as {@code access key=value ...}.
 */
public final class TextLogFormatter extends Formatter {
  @Override
  public String format(LogRecord r) {
    StringBuilder out = new StringBuilder(128);
    Map<?, ?> fields = AccessLog.fields(r);
    if (fields != null) {
      out.append(r.getMessage());
      for (var e : fields.entrySet()) {
        if (e.getValue() != null) out.append(' ').append(e.getKey()).append('=').append(e.getValue());
      }
      return out.append('\n').toString();
    }
    out.append("abgw: ");
    if (r.getLevel().intValue() >= Level.WARNING.intValue() && !"abgw".equals(r.getLoggerName())) {
      out.append(r.getLevel().getName()).append(' ').append(r.getLoggerName()).append(": ");
    }
    out.append(formatMessage(r)).append('\n');
    if (r.getThrown() != null) {
      StringWriter trace = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(trace));
      out.append(trace);
    }
    return out.toString();
  }
}

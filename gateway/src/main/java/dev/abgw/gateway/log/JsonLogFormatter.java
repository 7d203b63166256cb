package dev.abgw.gateway.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: {@code time} (ISO-8601 UTC), {@code level}, {@code logger}, {@code message}, the
 * fields of a structured event (a {@code Map} passed as the record's only parameter, as {@link AccessLog} does),
 * and {@code error} with the stack trace when there is one. Newlines inside values are escaped, so a multi-line
 * message stays one line.
 */
public final class JsonLogFormatter extends Formatter {
  @Override
  public String format(LogRecord r) {
    StringBuilder out = new StringBuilder(256).append('{');
    field(out, "time", Instant.ofEpochMilli(r.getMillis()).toString());
    out.append(',');
    field(out, "level", r.getLevel().getName());
    out.append(',');
    field(out, "logger", r.getLoggerName());
    out.append(',');
    field(out, "message", formatMessage(r));
    Map<?, ?> fields = AccessLog.fields(r);
    if (fields != null) {
      for (var e : fields.entrySet()) {
        if (e.getValue() == null) continue;
        out.append(',');
        if (e.getValue() instanceof Number n) {
          string(out, String.valueOf(e.getKey()));
          out.append(':').append(n);
        } else {
          field(out, String.valueOf(e.getKey()), String.valueOf(e.getValue()));
        }
      }
    }
    if (r.getThrown() != null) {
      StringWriter trace = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(trace));
      out.append(',');
      field(out, "error", trace.toString());
    }
    return out.append("}\n").toString();
  }

  @Override
  public String formatMessage(LogRecord r) {
    return AccessLog.fields(r) != null ? r.getMessage() : super.formatMessage(r);
  }

  private static void field(StringBuilder out, String name, String value) {
    string(out, name);
    out.append(':');
    string(out, value);
  }

  /** A JSON string per RFC 8259 section 7. */
  static void string(StringBuilder out, String s) {
    out.append('"');
    if (s != null) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> {
            if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}

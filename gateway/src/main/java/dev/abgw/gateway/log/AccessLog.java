package dev.abgw.gateway.log;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One event per proxied request on the JUL logger {@value #LOGGER} (off unless {@code abgw serve --access-log}):
 * request id, experiment, variant, status, latency, bytes received and sent, and the error kind when there was
 * one. The fields travel as the record's parameter, so each formatter writes them its own way.
 */
public final class AccessLog {
  public static final String LOGGER = "abgw.access";
  private static final Logger LOG = Logger.getLogger(LOGGER);
  private static final String MESSAGE = "access";

  static {
    // Off until LogSetup turns it on (abgw serve --access-log): an embedded gateway (tests, the in-JVM bench) would
    // otherwise inherit the root logger's INFO and write one console line per request.
    if (LOG.getLevel() == null) LOG.setLevel(Level.OFF);
  }

  /** An experiment whose requests are not logged: the self warm-up's, while it runs (null: none). */
  private static volatile String excluded;

  private AccessLog() {}

  /**
   * Leaves the requests of experiment {@code id} out of the access log until called again (null: logs all). The
   * self warm-up's throwaway gateway shares this JVM-wide logger with the real one and uses it for its experiment.
   */
  public static void exclude(String id) {
    excluded = id;
  }

  /** Off by default: the proxy's hot path pays one level check. */
  public static boolean enabled() {
    return LOG.isLoggable(Level.INFO);
  }

  public static void log(String requestId, String experiment, String variant, int status, double latencyMillis,
                         long bytesIn, long bytesOut, String errorKind) {
    if (!enabled() || (experiment != null && experiment.equals(excluded))) return;
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("request_id", requestId);
    f.put("experiment", experiment);
    f.put("variant", variant);
    f.put("status", status);
    f.put("latency_ms", Math.round(latencyMillis * 1000) / 1000.0);
    f.put("bytes_in", bytesIn);
    f.put("bytes_out", bytesOut);
    f.put("error_kind", errorKind);
    LogRecord r = new LogRecord(Level.INFO, MESSAGE);
    r.setLoggerName(LOGGER);
    r.setParameters(new Object[] {f});
    LOG.log(r);
  }

  /** The fields of an access event, or null for any other record. */
  static Map<?, ?> fields(LogRecord r) {
    Object[] p = r.getParameters();
    return LOGGER.equals(r.getLoggerName()) && p != null && p.length == 1 && p[0] instanceof Map<?, ?> m ? m : null;
  }
}

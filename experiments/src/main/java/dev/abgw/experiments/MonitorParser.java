package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;

/** Reads and checks {@code /monitor}. */
final class MonitorParser {

  private MonitorParser() {}

  /** The monitor settings, {@code null} when absent or after reporting a mistake. */
  static MonitorSpec monitor(ObjectReader r) {
    if (r == null) {
      return null;
    }
    int before = r.problems().count();
    long interval = MonitorSpec.DEFAULT_INTERVAL_SECONDS;
    Long seconds = r.whole("intervalSeconds", false);
    if (seconds != null) {
      if (seconds < 1 || seconds > MonitorSpec.MAX_INTERVAL_SECONDS) {
        r.problems().add(r.at("intervalSeconds"), "must be between 1 and " + MonitorSpec.MAX_INTERVAL_SECONDS
            + " (was " + seconds + ")");
      }
      interval = seconds;
    }
    boolean autoRollback = false;
    JsonNode raw = r.raw("autoRollback");
    if (raw != null) {
      if (!raw.isBoolean()) {
        r.problems().add(r.at("autoRollback"), "must be true or false (was " + JsonValues.describe(raw) + ")");
      } else {
        autoRollback = raw.booleanValue();
      }
    }
    URI webhook = webhook(r);
    r.rejectUnknown();
    return r.problems().count() == before ? new MonitorSpec(interval, autoRollback, webhook) : null;
  }

  private static URI webhook(ObjectReader r) {
    String s = r.string("webhook", false);
    if (s == null) {
      return null;
    }
    try {
      URI uri = new URI(s);
      String problem = Variant.upstreamProblem(uri);
      if (problem != null) {
        r.problems().add(r.at("webhook"), problem + " (was " + JsonValues.quote(s) + ")");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      r.problems().add(r.at("webhook"), "must be an absolute http or https URL (was " + JsonValues.quote(s) + ": "
          + e.getReason() + ")");
      return null;
    }
  }
}

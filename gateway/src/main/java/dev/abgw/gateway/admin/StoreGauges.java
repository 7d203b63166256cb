package dev.abgw.gateway.admin;

import dev.abgw.gateway.store.StoreHealth;
import java.util.Map;
import java.util.TreeMap;

/** The store's gauges in Prometheus text format: each as {@code abgw_NAME}, plus {@code abgw_store_degraded} (0/1). */
final class StoreGauges {
  private StoreGauges() {}

  static String render(StoreHealth h) {
    StringBuilder out = new StringBuilder(512);
    gauge(out, "abgw_store_degraded", "1 while the store keeps data some other way than intended (see /health).",
        h.degraded() ? 1 : 0);
    for (Map.Entry<String, Number> g : new TreeMap<>(h.gauges()).entrySet()) {
      String name = "abgw_" + g.getKey();
      boolean counter = name.endsWith("_total");
      out.append("# HELP ").append(name).append(' ').append(help(g.getKey())).append('\n');
      out.append("# TYPE ").append(name).append(counter ? " counter" : " gauge").append('\n');
      out.append(name).append(' ').append(g.getValue()).append('\n');
    }
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String help, Number value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static String help(String name) {
    return switch (name) {
      case "store_unreadable_log_lines" -> "Lines of the embedded log skipped at start because they could not be read.";
      case "store_contexts_evicted" -> "Request contexts the embedded store dropped to stay within its bound.";
      case "spool_records" -> "Records waiting in the local spool for Redis.";
      case "spool_bytes" -> "Bytes of the local spool waiting for Redis.";
      case "spool_oldest_age_seconds" -> "Age of the oldest record waiting in the spool.";
      case "spool_dropped_total" -> "Records dropped because the spool was full.";
      case "spool_replayed_total" -> "Spooled records written to Redis.";
      default -> name.replace('_', ' ') + ".";
    };
  }
}

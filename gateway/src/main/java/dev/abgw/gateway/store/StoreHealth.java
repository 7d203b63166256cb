package dev.abgw.gateway.store;

import java.util.List;
import java.util.Map;

/**
 * What a store says about itself for {@code GET /health} and {@code GET /metrics}: {@code degraded} with the
 * reasons when it is keeping data some other way than intended (spooling to disk because Redis does not
 * answer, dropping records because the spool is full, skipping unreadable log lines), and numeric gauges
 * (each exported as {@code abgw_NAME}).
 */
public record StoreHealth(boolean degraded, List<String> problems, Map<String, Number> gauges) {
  public StoreHealth {
    problems = List.copyOf(problems);
    gauges = Map.copyOf(gauges);
  }

  public static StoreHealth ok() {
    return new StoreHealth(false, List.of(), Map.of());
  }
}

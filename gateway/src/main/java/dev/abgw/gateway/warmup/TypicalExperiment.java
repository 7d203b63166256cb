package dev.abgw.gateway.warmup;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;

/**
 * The experiment a synthetic workload runs (the self warm-up, the bench gateway): two equal arms on one loopback
 * upstream, the proxy's observed metrics and one judged metric, as a typical experiment has, so the code the
 * workload drives is the code real traffic drives.
 */
public final class TypicalExperiment {
  private TypicalExperiment() {}

  /**
   * The experiment {@code id} on {@code route}, its unit in header {@code unitHeader}, both arms on
   * {@code http://127.0.0.1:upstreamPort}, with the {@code resilience} block given as JSON (or none when null).
   */
  public static Experiment of(String id, String route, String unitHeader, int upstreamPort, String resilience) {
    String json = """
        {"id": "%s", "status": "running", "route": {"pathPrefix": "%s"},
         "unit": {"source": "header", "name": "%s"},
         "variants": [
           {"name": "a", "upstream": "http://127.0.0.1:%d", "weight": 50},
           {"name": "b", "upstream": "http://127.0.0.1:%d", "weight": 50}],
         "control": "a",
         "metrics": [
           {"name": "quality", "type": "continuous", "direction": "increase", "min": 0, "max": 1},
           {"name": "latency", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "latencyMs"},
           {"name": "ttfb", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "ttfbMs"},
           {"name": "errors", "type": "binary", "direction": "decrease", "source": "proxy", "field": "error"},
           {"name": "tokens", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "totalTokens"}]%s}
        """.formatted(id, route, unitHeader, upstreamPort, upstreamPort,
        resilience == null ? "" : ", \"resilience\": " + resilience);
    ParseResult parsed = ExperimentParser.parse(json);
    if (parsed instanceof ParseResult.Invalid invalid) {
      throw new IllegalStateException("the experiment " + id + " is invalid: " + invalid.errors());
    }
    return ((ParseResult.Valid) parsed).experiment();
  }
}

package dev.abgw.analysis;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;

/** Parses experiment definitions written inline in tests; an invalid one fails the test at once. */
public final class TestExperiments {
  private TestExperiments() {}

  /**
   * A running experiment {@code id} on /v1 with variants a (control) and b, unit from header X-User, and the
   * continuous proxy metric latency; {@code more} is appended to the top-level object (e.g. segments).
   */
  public static Experiment twoArmsWithLatency(String id, String more) {
    return experiment("""
        {"id": "%s", "status": "running", "route": {"pathPrefix": "/v1"},
         "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "a", "upstream": "http://127.0.0.1:9", "weight": 1},
                      {"name": "b", "upstream": "http://127.0.0.1:9", "weight": 1}],
         "control": "a",
         "metrics": [{"name": "latency", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "latencyMs"}]
         %s}
        """.formatted(id, more));
  }

  public static Experiment experiment(String json) {
    ParseResult r = ExperimentParser.parse(json);
    if (r instanceof ParseResult.Invalid inv) throw new AssertionError("test experiment invalid: " + inv.errors());
    return ((ParseResult.Valid) r).experiment();
  }
}

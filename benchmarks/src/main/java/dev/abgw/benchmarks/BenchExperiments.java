package dev.abgw.benchmarks;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;

/** The experiment the micro-benchmarks assign and segment with: 3 arms, 3 segment dimensions. */
final class BenchExperiments {

  private BenchExperiments() {}

  static Experiment threeArms() {
    String json = """
        {"id": "jmh", "status": "running", "route": {"pathPrefix": "/v1/chat/completions"},
         "unit": {"source": "body", "pointer": "/user"},
         "variants": [{"name": "a", "upstream": "http://127.0.0.1:9001", "weight": 50},
                      {"name": "b", "upstream": "http://127.0.0.1:9002", "weight": 25},
                      {"name": "c", "upstream": "http://127.0.0.1:9003", "weight": 25}],
         "control": "a", "allocation": 0.9,
         "metrics": [{"name": "quality", "type": "continuous", "direction": "increase"}],
         "segments": [{"name": "task_type", "source": "body", "key": "/metadata/task_type"},
                      {"name": "lang", "source": "header", "key": "Accept-Language"},
                      {"name": "input_size", "source": "inputLength", "key": "chars", "buckets": [200, 1000, 4000]}]}
        """;
    ParseResult parsed = ExperimentParser.parse(json);
    if (parsed instanceof ParseResult.Invalid invalid) {
      throw new IllegalStateException("benchmark experiment is invalid: " + invalid.errors());
    }
    return ((ParseResult.Valid) parsed).experiment();
  }
}

package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared test definitions. */
final class Fixtures {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** The full example of the format: every field used at least once. */
  static final String FULL = """
      {
        "id": "support-prompt-v2",
        "description": "New system prompt for the support bot",
        "status": "running",
        "salt": "support-prompt-v2",
        "route": {"pathPrefix": "/v1/chat/completions", "host": "support.example.com"},
        "unit": {"source": "body", "pointer": "/user", "fallback": "request"},
        "variants": [
          {"name": "control", "upstream": "http://127.0.0.1:9001", "weight": 50, "timeoutMillis": 30000,
           "metadata": {"prompt": "v1", "model": "gpt-4o-mini", "temperature": 0.2, "tags": ["a", 1, null, true]}},
          {"name": "treatment", "upstream": "http://127.0.0.1:9002", "weight": 50}
        ],
        "control": "control",
        "allocation": 1.0,
        "metrics": [
          {"name": "helpfulness", "type": "continuous", "direction": "increase", "source": "judgment", "min": 1, "max": 5, "badBelow": 3},
          {"name": "resolved", "type": "binary", "direction": "increase", "source": "judgment"},
          {"name": "latency", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "latencyMs"},
          {"name": "errors", "type": "binary", "direction": "decrease", "source": "proxy", "field": "error"}
        ],
        "analysis": {"alpha": 0.05, "mode": "fixed", "correction": "holm", "sequentialTuning": 5000,
                     "srmThreshold": 0.001, "minUnitsPerSegment": 100, "priorSd": 0.3, "power": 0.8, "targetLift": 0.05},
        "segments": [
          {"name": "task_type", "source": "body", "key": "/metadata/task_type", "maxValues": 20},
          {"name": "lang", "source": "header", "key": "Accept-Language"},
          {"name": "tier", "source": "query", "key": "tier"},
          {"name": "input_size", "source": "inputLength", "key": "chars", "buckets": [200, 1000, 4000]},
          {"name": "finish", "source": "response", "key": "finishReason"}
        ]
      }
      """;

  private Fixtures() {}

  static ObjectNode full() {
    try {
      return (ObjectNode) MAPPER.readTree(FULL);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Experiment fullExperiment() {
    return ((ParseResult.Valid) ExperimentParser.parse(FULL)).experiment();
  }

  /** A running experiment built in code, body unit, with the given weights on arms v0, v1, ... (v0 is control). */
  static Experiment withWeights(String salt, double allocation, double... weights) {
    List<Variant> variants = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      variants.add(Variant.of("v" + i, "http://127.0.0.1:" + (9001 + i), weights[i]));
    }
    return new Experiment("exp-" + salt, "", Status.RUNNING, salt, Route.of("/v1"), UnitSpec.body("/user", UnitFallback.REQUEST),
        variants, "v0", allocation, List.of(MetricSpec.judgment("m", MetricType.BINARY, Direction.INCREASE)),
        AnalysisSpec.defaults(), List.of());
  }

  static Map<String, Object> map(Object... kv) {
    java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}

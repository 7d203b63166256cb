package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorParserTest {

  private static final String HEAD = """
      {"id": "mon", "route": {"pathPrefix": "/v1"}, "unit": {"source": "header", "name": "X-User"},
       "variants": [{"name": "a", "upstream": "http://a.example", "weight": 1},
                    {"name": "b", "upstream": "http://b.example", "weight": 1}],
       "control": "a", "metrics": [{"name": "ok", "type": "binary", "direction": "increase"}]%s}
      """;

  private static ParseResult parse(String extra) {
    return ExperimentParser.parse(HEAD.formatted(extra));
  }

  @Test
  void reads_the_monitor_with_its_defaults_and_round_trips() {
    Experiment e = ((ParseResult.Valid) parse(", \"monitor\": {\"autoRollback\": true,"
        + " \"webhook\": \"http://127.0.0.1:9999/hooks/abgw\"}")).experiment();
    assertThat(e.monitor()).isEqualTo(new MonitorSpec(60, true, URI.create("http://127.0.0.1:9999/hooks/abgw")));
    assertThat(((ParseResult.Valid) ExperimentParser.parse(ExperimentJson.toNode(e))).experiment()).isEqualTo(e);
    assertThat(e.withStatus(Status.RUNNING).monitor()).isEqualTo(e.monitor());
    assertThat(((ParseResult.Valid) parse("")).experiment().monitor()).isNull();
  }

  @Test
  void refuses_every_mistake_with_its_pointer() {
    ParseResult r = parse(", \"monitor\": {\"intervalSeconds\": 0, \"autoRollback\": \"yes\","
        + " \"webhook\": \"ftp://x\", \"every\": 5}");
    assertThat(((ParseResult.Invalid) r).errors()).extracting(ValidationError::message).containsExactly(
        "/monitor/intervalSeconds must be between 1 and 86400 (was 0)",
        "/monitor/autoRollback must be true or false (was \"yes\")",
        "/monitor/webhook must be an absolute http or https URL (was \"ftp://x\")",
        "/monitor/every is not a known field (known: intervalSeconds, autoRollback, webhook)");
    assertThat(((ParseResult.Invalid) parse(", \"monitor\": 5")).errors()).extracting(ValidationError::message)
        .isEqualTo(List.of("/monitor must be an object (was 5)"));
  }
}

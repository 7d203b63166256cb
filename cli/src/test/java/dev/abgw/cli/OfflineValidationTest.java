package dev.abgw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abgw.analysis.report.OfflineAnalysis;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze} applies exactly the checks of the live judgment API to the exported judgments:
 * what the gateway would refuse is skipped, counted by reason, and never ends in a stack trace.
 */
class OfflineValidationTest {

  static final String EXPERIMENT = """
      {"id": "offline", "status": "running", "route": {"pathPrefix": "/v1"},
       "unit": {"source": "header", "name": "X-User"},
       "variants": [{"name": "control", "upstream": "http://127.0.0.1:9", "weight": 1},
                    {"name": "treatment", "upstream": "http://127.0.0.1:9", "weight": 1}],
       "control": "control",
       "metrics": [{"name": "score", "type": "continuous", "direction": "increase", "source": "judgment", "min": 1, "max": 5},
                   {"name": "resolved", "type": "binary", "direction": "increase", "source": "judgment"}]}
      """;

  @TempDir
  Path dir;

  private record Run(int exit, String out, String err) {}

  private Run analyze(List<String> lines) throws Exception {
    Path def = Files.writeString(dir.resolve("experiment.json"), EXPERIMENT);
    Path events = Files.write(dir.resolve("events.ndjson"), lines, StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = AnalyzeCommand.run(new String[] {"--experiment", def.toString(), "--events", events.toString()});
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private static String request(String variant, int unit) {
    return """
        {"type":"request","experiment":"offline","variant":"%s","unit":"u%d","requestId":"req-%s-%d","time":"2025-01-01T00:00:00Z","status":200,"errorKind":null,"latencyMs":10.0,"segments":{}}"""
        .formatted(variant, unit, variant, unit);
  }

  private static String judgment(String variant, int unit, String metric, String rawValue) {
    return """
        {"type":"judgment","experiment":"offline","variant":"%s","unit":"u%d","requestId":"req-%s-%d","metric":"%s","value":%s,"time":"2025-01-01T00:00:01Z","segments":{}}"""
        .formatted(variant, unit, variant, unit, metric, rawValue);
  }

  @Test
  void analyze_skips_what_the_live_api_refuses_and_counts_it_by_reason() throws Exception {
    List<String> lines = new ArrayList<>();
    for (String variant : List.of("control", "treatment")) {
      for (int u = 0; u < 20; u++) {
        lines.add(request(variant, u));
        lines.add(judgment(variant, u, "score", String.valueOf(1 + u % 5)));
        lines.add(judgment(variant, u, "resolved", String.valueOf(u % 2)));
      }
    }
    lines.add(judgment("control", 1, "score", "\"0.5\""));     // a string
    lines.add(judgment("control", 2, "score", "\"4\""));       // another string
    lines.add(judgment("control", 3, "score", "1e999"));       // infinite
    lines.add(judgment("treatment", 4, "resolved", "2"));      // binary value 2
    lines.add(judgment("treatment", 5, "score", "7"));         // above the declared max 5
    lines.add(judgment("treatment", 6, "score", "null"));      // null
    lines.add(judgment("treatment", 7, "helpfulness", "3"));   // no such metric
    lines.add("{not json");

    Run run = analyze(lines);

    assertThat(run.exit()).as(run.err()).isEqualTo(0);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.err()).contains("abgw analyze: used 120 of 128 lines; skipped 8:");
    assertThat(run.err()).contains(
        "  3 /value must be a finite number or a boolean (first: line 121: /value must be a finite number or a boolean (was \"0.5\"))",
        "  1 /value must be 0 or 1 for binary metric resolved (first: line 124: /value must be 0 or 1 for binary metric resolved (was 2))",
        "  1 /value must be between 1 and 5 (first: line 125: /value must be between 1 and 5 (was 7))",
        "  1 /value is required (first: line 126: /value is required)",
        "  1 /metric must name a judgment metric of experiment offline [score, resolved] (first: line 127: "
            + "/metric must name a judgment metric of experiment offline [score, resolved] (was \"helpfulness\"))",
        "  1 not JSON (first: line 128: not JSON)");
    OfflineAnalysis.Result direct = OfflineAnalysis.analyze(
        experiment(EXPERIMENT), new BufferedReader(new StringReader(String.join("\n", lines))), Clock.systemUTC());
    assertThat(direct.used()).isEqualTo(120);
    assertThat(direct.skipped().lines()).contains(
        "line 122: /value must be a finite number or a boolean (was \"4\")",
        "line 123: /value must be a finite number or a boolean (was Infinity)");
    JsonNode report = new ObjectMapper().readTree(run.out());
    JsonNode score = report.path("metrics").get(0);
    assertThat(score.path("variants").get(0).path("n").asLong()).as("only the 20 valid control scores").isEqualTo(20);
    assertThat(score.path("variants").get(1).path("n").asLong()).isEqualTo(20);
  }

  @Test
  void analyze_fails_only_when_no_line_is_usable() throws Exception {
    Run run = analyze(List.of(judgment("control", 1, "score", "\"0.5\""), "{not json", ""));
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("abgw analyze: no usable event in").contains("skipped 2:")
        .doesNotContain("Exception");

    Run empty = analyze(List.of());
    assertThat(empty.exit()).isEqualTo(1);
    assertThat(empty.err()).contains("no usable event");
  }

  private static Experiment experiment(String json) {
    ParseResult r = ExperimentParser.parse(json);
    if (r instanceof ParseResult.Invalid inv) throw new AssertionError("test experiment invalid: " + inv.errors());
    return ((ParseResult.Valid) r).experiment();
  }
}

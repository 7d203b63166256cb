package dev.abgw.stats.report;

import static dev.abgw.stats.report.Samples.CLOCK;
import static dev.abgw.stats.report.Samples.continuous;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.experiments.Direction;
import dev.abgw.experiments.Mode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.abgw.stats.RatioStats;
import java.io.File;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Built reports (fixed and sequential, with segments and degenerate variants) conform to
 * docs/report.schema.json, checked by a small validator for the keywords the schema uses:
 * type, enum, const, required, properties, additionalProperties, items, minItems, maxItems,
 * if/then and local $ref.
 */
class ReportSchemaTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void reports_validate_against_the_published_schema() throws Exception {
    JsonNode schema = MAPPER.readTree(new File("../docs/report.schema.json"));
    for (Mode mode : Mode.values()) {
      ObjectNode report = ReportJson.toNode(richReport(mode));
      List<String> errors = new ArrayList<>();
      validate(schema, schema, report, "", errors);
      assertThat(errors).as("schema violations in %s mode", mode).isEmpty();
      if (mode == Mode.SEQUENTIAL) {
        assertThat(report.at("/metrics/0/variants/1/sequential/absolute/ci")).hasSize(2);
      }
      assertThat(report.at("/timeseries/exposure")).hasSize(2);
      assertThat(report.at("/metrics/1/timeseries/0/points/0/reason").asText()).isEqualTo("MISSING_VARIANT");
      assertThat(report.at("/metrics/0/timeseries/0/points/1/interval")).hasSize(2);
    }
  }

  @Test
  void the_validator_rejects_a_report_missing_a_required_field() throws Exception {
    JsonNode schema = MAPPER.readTree(new File("../docs/report.schema.json"));
    ObjectNode report = ReportJson.toNode(richReport(Mode.FIXED));
    ((ObjectNode) report.at("/metrics/0/variants/1")).remove("verdict");
    ((ObjectNode) report.at("/decision")).put("action", "launch");
    List<String> errors = new ArrayList<>();
    validate(schema, schema, report, "", errors);
    assertThat(errors).contains("/metrics/0/variants/1: missing required verdict")
        .anyMatch(e -> e.startsWith("/decision/action: not one of"));
  }

  private static Report richReport(Mode mode) {
    SplittableRandom r = new SplittableRandom(21);
    List<SegmentCell> cells = List.of(
        SegmentCell.of("task_type", "chat", Map.of("control", continuous(r, 500, 3, 1),
            "b", continuous(r, 500, 3.2, 1), "c", continuous(r, 500, 3, 1))),
        SegmentCell.of("task_type", "refund", Map.of("control", continuous(r, 300, 3, 1),
            "b", continuous(r, 300, 2.6, 1), "c", continuous(r, 30, 3, 1))));
    RatioStats control = cells.get(0).byVariant().get("control")
        .plus(cells.get(1).byVariant().get("control"));
    RatioStats b = cells.get(0).byVariant().get("b").plus(cells.get(1).byVariant().get("b"));
    MetricInput helpfulness = new MetricInput("helpfulness", MetricKind.CONTINUOUS,
        Direction.INCREASE, Map.of("control", control, "b", b, "c", RatioStats.ofUnit(1, 1)),
        cells);
    MetricInput errors = MetricInput.of("errors", MetricKind.BINARY, Direction.DECREASE,
        Map.of("control", RatioStats.of(800, 0, 0, 800, 800, 0),
            "b", RatioStats.of(800, 8, 8, 800, 800, 8)));
    List<ArmInput> arms = List.of(ArmInput.of("control", 1, 800, 900),
        ArmInput.of("b", 1, 800, 950), ArmInput.of("c", 1, 530, 530));
    AnalysisConfig config = AnalysisConfig.defaults().withMode(mode);
    ReportInput in = ReportInput.of("exp-schema", "control", config, arms, List.of(helpfulness, errors));
    // Two bucket ends: the first with one metric missing for a treatment (a point without an estimate).
    ReportInput early = ReportInput.of("exp-schema", "control", config, arms, List.of(helpfulness,
        MetricInput.of("errors", MetricKind.BINARY, Direction.DECREASE,
            Map.of("control", RatioStats.of(800, 0, 0, 800, 800, 0)))));
    java.time.Instant end = java.time.Instant.parse("2026-01-01T00:00:00Z");
    TimeSeriesReport series = TimeSeriesBuilder.build(List.of(new TimeSeriesBuilder.Look(end, 60, early),
        new TimeSeriesBuilder.Look(end.plusSeconds(60), 1, in)));
    return ReportBuilder.build(in, CLOCK).report().withTimeSeries(series);
  }

  static void validate(JsonNode root, JsonNode schema, JsonNode value, String path,
      List<String> errors) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      validate(root, root.at(ref.substring(1)), value, path, errors);
      return;
    }
    if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
      errors.add(path + ": expected type " + schema.get("type") + " but was " + value);
      return;
    }
    if (schema.has("enum") && !contains(schema.get("enum"), value)) {
      errors.add(path + ": not one of " + schema.get("enum") + " (was " + value + ")");
    }
    if (schema.has("const") && !schema.get("const").equals(value)) {
      errors.add(path + ": not " + schema.get("const"));
    }
    if (value.isObject()) {
      validateObject(root, schema, value, path, errors);
    }
    if (value.isArray()) {
      if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
        errors.add(path + ": fewer than " + schema.get("minItems") + " items");
      }
      if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
        errors.add(path + ": more than " + schema.get("maxItems") + " items");
      }
      if (schema.has("items")) {
        for (int i = 0; i < value.size(); i++) {
          validate(root, schema.get("items"), value.get(i), path + "/" + i, errors);
        }
      }
    }
  }

  private static void validateObject(JsonNode root, JsonNode schema, JsonNode value, String path,
      List<String> errors) {
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        errors.add(path + ": missing required " + required.asText());
      }
    }
    JsonNode properties = schema.path("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String fieldPath = path + "/" + field.getKey();
      if (properties.has(field.getKey())) {
        validate(root, properties.get(field.getKey()), field.getValue(), fieldPath, errors);
      } else if (schema.has("additionalProperties")) {
        validate(root, schema.get("additionalProperties"), field.getValue(), fieldPath, errors);
      }
    }
    if (schema.has("if")) {
      List<String> conditionErrors = new ArrayList<>();
      validate(root, schema.get("if"), value, path, conditionErrors);
      if (conditionErrors.isEmpty()) {
        validate(root, schema.get("then"), value, path, errors);
      }
    }
  }

  private static boolean typeMatches(JsonNode type, JsonNode value) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (typeMatches(t, value)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asText()) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "number" -> value.isNumber();
      case "integer" -> value.isIntegralNumber();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      default -> throw new IllegalArgumentException("unknown type " + type);
    };
  }

  private static boolean contains(JsonNode options, JsonNode value) {
    for (JsonNode option : options) {
      if (option.equals(value)) {
        return true;
      }
    }
    return false;
  }
}

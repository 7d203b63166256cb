package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped examples and the schema stay in step with the parser. */
class ExamplesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void every_example_parses_valid() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(ROOT.resolve("examples"))) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).extracting(p -> p.getFileName().toString()).contains("support-prompt.json", "three-arm-draft.json");
    for (Path file : files) {
      ParseResult r = ExperimentParser.parse(Files.readString(file));
      assertThat(r).as("%s: %s", file.getFileName(), r).isInstanceOf(ParseResult.Valid.class);
    }
  }

  @Test
  void support_example_is_the_running_two_arm_body_unit_experiment() throws IOException {
    Experiment e = ((ParseResult.Valid) ExperimentParser.parse(Files.readString(ROOT.resolve("examples/support-prompt.json")))).experiment();
    assertThat(e.status()).isEqualTo(Status.RUNNING);
    assertThat(e.unit()).isEqualTo(UnitSpec.body("/user", UnitFallback.REQUEST));
    assertThat(e.variants()).extracting(v -> v.upstream().toString()).containsExactly("http://127.0.0.1:9001", "http://127.0.0.1:9002");
    assertThat(e.metrics()).extracting(MetricSpec::name).containsExactly("helpfulness", "resolved", "latency", "errors", "totaltokens");
    assertThat(e.segments()).extracting(SegmentDimension::name).containsExactly("task_type", "input_size");
  }

  @Test
  void three_arm_example_is_a_header_unit_draft() throws IOException {
    Experiment e = ((ParseResult.Valid) ExperimentParser.parse(Files.readString(ROOT.resolve("examples/three-arm-draft.json")))).experiment();
    assertThat(e.status()).isEqualTo(Status.DRAFT);
    assertThat(e.variants()).hasSize(3);
    assertThat(e.unit()).isEqualTo(UnitSpec.header("X-User-Id", UnitFallback.CONTROL));
  }

  @Test
  void schema_is_valid_json_and_documents_every_field_the_parser_accepts() throws IOException {
    JsonNode schema = Fixtures.MAPPER.readTree(Files.readString(ROOT.resolve("docs/experiment.schema.json")));
    assertThat(schema.path("$schema").textValue()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(names(schema.path("properties"))).isEqualTo(new TreeSet<>(ExperimentParser.TOP_LEVEL_FIELDS));
    // Every nested field of the canonical JSON is described too.
    JsonNode canonical = ExperimentJson.toNode(Fixtures.fullExperiment());
    assertDescribed(schema, canonical, "");
  }

  private static void assertDescribed(JsonNode schema, JsonNode value, String at) {
    if (value.isObject() && schema.has("properties")) {
      assertThat(schema.path("additionalProperties").asBoolean(true)).as("%s closes its fields", at).isFalse();
      value.fieldNames().forEachRemaining(name -> {
        JsonNode prop = schema.path("properties").path(name);
        assertThat(prop.isObject()).as("schema documents %s/%s", at, name).isTrue();
        assertThat(prop.path("description").asText()).as("description of %s/%s", at, name).isNotBlank();
        assertDescribed(prop, value.get(name), at + "/" + name);
      });
    } else if (value.isArray() && schema.has("items")) {
      value.forEach(item -> assertDescribed(schema.path("items"), item, at + "/*"));
    }
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

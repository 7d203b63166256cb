package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The parser's half of the schema agreement check. {@code src/test/resources/definitions/} holds definitions that
 * both the gateway and {@code docs/experiment.schema.json} must accept ({@code valid/}, plus {@code examples/}),
 * that both must reject ({@code invalid/}), and that the gateway rejects for a rule JSON Schema cannot express
 * ({@code parser-only/}). A rejected case names the JSON pointer the gateway must report. {@code .ci/check-schema.mjs}
 * runs the same files through ajv in strict mode: same verdicts, at the same pointer.
 */
class DefinitionCasesTest {

  private static final Path CASES = Path.of("src/test/resources/definitions");
  private static final Path EXAMPLES = Path.of("../examples");

  @TestFactory
  Stream<DynamicTest> gateway_accepts_every_valid_case_and_example() throws IOException {
    List<Path> files = Stream.concat(list(CASES.resolve("valid")).stream(), list(EXAMPLES).stream()).toList();
    assertThat(files).hasSizeGreaterThanOrEqualTo(12);
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      ParseResult r = ExperimentParser.parse(Files.readString(file));
      assertThat(r).as("%s: %s", file, r).isInstanceOf(ParseResult.Valid.class);
    }));
  }

  @TestFactory
  Stream<DynamicTest> gateway_rejects_every_invalid_case_at_its_pointer() throws IOException {
    List<Path> files = list(CASES.resolve("invalid"));
    assertThat(files).hasSizeGreaterThanOrEqualTo(50);
    return files.stream().map(DefinitionCasesTest::rejectedAtPointer);
  }

  @TestFactory
  Stream<DynamicTest> gateway_rejects_what_json_schema_cannot_express() throws IOException {
    List<Path> files = list(CASES.resolve("parser-only"));
    assertThat(files).hasSizeGreaterThanOrEqualTo(7);
    return files.stream().map(DefinitionCasesTest::rejectedAtPointer);
  }

  private static DynamicTest rejectedAtPointer(Path file) {
    return DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      JsonNode c = Fixtures.MAPPER.readTree(Files.readString(file));
      String pointer = c.path("pointer").textValue();
      assertThat(pointer).as("%s names a pointer", file).isNotNull();
      assertThat(c.path("why").asText()).as("%s says why", file).isNotBlank();
      ParseResult r = ExperimentParser.parse(c.get("definition"));
      assertThat(r).as("%s (%s)", file, c.path("why").asText()).isInstanceOf(ParseResult.Invalid.class);
      assertThat(((ParseResult.Invalid) r).errors()).extracting(ValidationError::pointer).as("%s", file).contains(pointer);
    });
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }
}

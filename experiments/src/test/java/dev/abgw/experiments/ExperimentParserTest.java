package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExperimentParserTest {

  @Test
  void parses_the_full_example_into_typed_records() {
    ParseResult r = ExperimentParser.parse(Fixtures.FULL);
    assertThat(r).isInstanceOf(ParseResult.Valid.class);
    Experiment e = ((ParseResult.Valid) r).experiment();
    assertThat(e.id()).isEqualTo("support-prompt-v2");
    assertThat(e.status()).isEqualTo(Status.RUNNING);
    assertThat(e.route()).isEqualTo(new Route("/v1/chat/completions", "support.example.com"));
    assertThat(e.unit()).isEqualTo(UnitSpec.body("/user", UnitFallback.REQUEST));
    assertThat(e.controlVariant().upstream().toString()).isEqualTo("http://127.0.0.1:9001");
    assertThat(e.controlVariant().timeoutMillis()).isEqualTo(30_000);
    assertThat(e.controlVariant().metadata()).containsEntry("model", "gpt-4o-mini").containsEntry("temperature", 0.2);
    assertThat(e.controlVariant().metadata().get("tags")).isEqualTo(java.util.Arrays.asList("a", 1L, null, true));
    assertThat(e.variant("treatment").orElseThrow().timeoutMillis()).isEqualTo(Variant.DEFAULT_TIMEOUT_MILLIS);
    assertThat(e.metric("helpfulness").orElseThrow())
        .isEqualTo(new MetricSpec("helpfulness", MetricType.CONTINUOUS, Direction.INCREASE, MetricSource.JUDGMENT, null, 1.0, 5.0, 3.0));
    assertThat(e.metric("errors").orElseThrow().field()).isEqualTo(ProxyField.ERROR);
    assertThat(e.analysis()).isEqualTo(AnalysisSpec.defaults());
    assertThat(e.segments()).extracting(SegmentDimension::name).containsExactly("task_type", "lang", "tier", "input_size", "finish");
    assertThat(e.segments().get(3).buckets()).containsExactly(200.0, 1000.0, 4000.0);
  }

  @Test
  void fills_every_default_of_a_minimal_definition() {
    Experiment e = valid("""
        {"id": "min", "route": {"pathPrefix": "/v1"}, "unit": {"source": "header", "name": "X-User-Id"},
         "variants": [{"name": "a", "upstream": "https://a.example/base", "weight": 1},
                      {"name": "b", "upstream": "https://b.example", "weight": 1}],
         "control": "a", "metrics": [{"name": "ok", "type": "binary", "direction": "increase"}]}
        """);
    assertThat(e.description()).isEmpty();
    assertThat(e.status()).isEqualTo(Status.DRAFT);
    assertThat(e.salt()).isEqualTo("min");
    assertThat(e.route().host()).isNull();
    assertThat(e.unit().fallback()).isEqualTo(UnitFallback.REQUEST);
    assertThat(e.allocation()).isEqualTo(1.0);
    assertThat(e.variants()).allSatisfy(v -> {
      assertThat(v.timeoutMillis()).isEqualTo(60_000);
      assertThat(v.metadata()).isEmpty();
    });
    assertThat(e.metrics().get(0).source()).isEqualTo(MetricSource.JUDGMENT);
    assertThat(e.analysis()).isEqualTo(AnalysisSpec.defaults());
    assertThat(e.segments()).isEmpty();
  }

  static Stream<Arguments> singleMistakes() {
    return Stream.of(
        // document
        rule("unknown top-level field", put("", "foo", "1"), "/foo", "/foo is not a known field (known: " + String.join(", ", ExperimentParser.TOP_LEVEL_FIELDS) + ")"),
        rule("unknown nested field", put("/route", "hots", "\"x\""), "/route/hots", "/route/hots is not a known field (known: pathPrefix, host)"),
        rule("unknown field name is escaped", put("/unit", "a/b~c", "1"), "/unit/a~1b~0c", "/unit/a~1b~0c is not a known field (known: source, name, pointer, fallback)"),
        // id, description, status, salt
        rule("id is required", remove("/id"), "/id", "/id is required"),
        rule("id pattern", set("/id", "\"Support Prompt\""), "/id", "/id must be 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter or digit (was \"Support Prompt\")"),
        rule("id must be a string", set("/id", "42"), "/id", "/id must be a string (was 42)"),
        rule("description must be a string", set("/description", "null"), "/description", "/description must be a string (was null)"),
        rule("status enum", set("/status", "\"Running\""), "/status", "/status must be one of draft, running, paused, stopped, archived (was \"Running\")"),
        rule("salt not empty", set("/salt", "\"\""), "/salt", "/salt must not be empty (leave it out to use the id)"),
        // route
        rule("route is required", remove("/route"), "/route", "/route is required"),
        rule("route must be an object", set("/route", "\"/v1\""), "/route", "/route must be an object (was \"/v1\")"),
        rule("pathPrefix is required", remove("/route/pathPrefix"), "/route/pathPrefix", "/route/pathPrefix is required"),
        rule("pathPrefix starts with slash", set("/route/pathPrefix", "\"v1/chat\""), "/route/pathPrefix", "/route/pathPrefix must be a path starting with \"/\" without query, fragment or spaces (was \"v1/chat\")"),
        rule("host without scheme", set("/route/host", "\"https://support.example.com\""), "/route/host", "/route/host must be a host name, optionally with :port, without scheme or path (was \"https://support.example.com\")"),
        // unit
        rule("unit is required", remove("/unit"), "/unit", "/unit is required"),
        rule("unit source is required", remove("/unit/source"), "/unit/source", "/unit/source is required"),
        rule("unit source enum", set("/unit/source", "\"query\""), "/unit/source", "/unit/source must be one of header, cookie, body (was \"query\")"),
        rule("body unit needs pointer", remove("/unit/pointer"), "/unit/pointer", "/unit/pointer is required"),
        rule("body unit pointer syntax", set("/unit/pointer", "\"user\""), "/unit/pointer", "/unit/pointer must be a JSON pointer starting with \"/\" (RFC 6901) (was \"user\")"),
        rule("body unit pointer escapes", set("/unit/pointer", "\"/a~2\""), "/unit/pointer", "/unit/pointer must be a JSON pointer starting with \"/\" (RFC 6901) (was \"/a~2\")"),
        rule("body unit takes no name", put("/unit", "name", "\"X-User\""), "/unit/name", "/unit/name is only allowed with source header or cookie (source is body)"),
        rule("header unit needs name", set("/unit", "{\"source\": \"header\"}"), "/unit/name", "/unit/name is required"),
        rule("cookie unit needs name", set("/unit", "{\"source\": \"cookie\"}"), "/unit/name", "/unit/name is required"),
        rule("header unit takes no pointer", set("/unit", "{\"source\": \"header\", \"name\": \"X-User-Id\", \"pointer\": \"/user\"}"), "/unit/pointer", "/unit/pointer is only allowed with source body (source is header)"),
        rule("header unit name is a token", set("/unit", "{\"source\": \"header\", \"name\": \"X User\"}"), "/unit/name", "/unit/name must be a header name (letters, digits and !#$%&'*+-.^_`|~) (was \"X User\")"),
        rule("unit fallback enum", set("/unit/fallback", "\"drop\""), "/unit/fallback", "/unit/fallback must be one of request, control, reject (was \"drop\")"),
        // variants
        rule("variants are required", remove("/variants"), "/variants", "/variants is required"),
        rule("variants must be an array", set("/variants", "\"control\""), "/variants", "/variants must be an array (was \"control\")"),
        rule("at least two variants", removeItem("/variants", 1), "/variants", "/variants must have at least 2 variants, a control and a treatment (was 1)"),
        rule("variant must be an object", set("/variants/1", "5"), "/variants/1", "/variants/1 must be an object (was 5)"),
        rule("variant name is required", remove("/variants/1/name"), "/variants/1/name", "/variants/1/name is required"),
        rule("variant name pattern", set("/variants/1/name", "\"my arm\""), "/variants/1/name", "/variants/1/name must be 1 to 64 letters, digits, '_', '.' or '-' (was \"my arm\")"),
        rule("variant names unique", set("/variants/1/name", "\"control\""), "/variants/1/name", "/variants/1/name must be unique (\"control\" is already the name of /variants/0)"),
        rule("upstream is required", remove("/variants/0/upstream"), "/variants/0/upstream", "/variants/0/upstream is required"),
        rule("upstream absolute", set("/variants/0/upstream", "\"localhost:9001\""), "/variants/0/upstream", "/variants/0/upstream must be an absolute http or https URL (was \"localhost:9001\")"),
        rule("upstream http or https", set("/variants/0/upstream", "\"ftp://127.0.0.1/x\""), "/variants/0/upstream", "/variants/0/upstream must be an absolute http or https URL (was \"ftp://127.0.0.1/x\")"),
        rule("upstream relative", set("/variants/0/upstream", "\"/agent\""), "/variants/0/upstream", "/variants/0/upstream must be an absolute http or https URL (was \"/agent\")"),
        rule("upstream no query", set("/variants/0/upstream", "\"http://127.0.0.1:9001/base?x=1\""), "/variants/0/upstream", "/variants/0/upstream must not have a query or fragment (a base path is fine) (was \"http://127.0.0.1:9001/base?x=1\")"),
        rule("weight >= 0", set("/variants/1/weight", "-5"), "/variants/1/weight", "/variants/1/weight must be >= 0 (was -5)"),
        rule("weight is a number", set("/variants/0/weight", "\"fifty\""), "/variants/0/weight", "/variants/0/weight must be a number (was \"fifty\")"),
        rule("weight is finite", set("/variants/0/weight", "1e400"), "/variants/0/weight", "/variants/0/weight must be a finite number (was Infinity)"),
        rule("weight is required", remove("/variants/1/weight"), "/variants/1/weight", "/variants/1/weight is required"),
        rule("total weight > 0", set("/variants/0/weight", "0").andThen(set("/variants/1/weight", "0")), "/variants", "/variants must have a total weight > 0 (was 0)"),
        rule("timeoutMillis range", set("/variants/0/timeoutMillis", "0"), "/variants/0/timeoutMillis", "/variants/0/timeoutMillis must be between 1 and 600000 (was 0)"),
        rule("timeoutMillis upper bound", set("/variants/0/timeoutMillis", "600001"), "/variants/0/timeoutMillis", "/variants/0/timeoutMillis must be between 1 and 600000 (was 600001)"),
        rule("timeoutMillis whole", set("/variants/0/timeoutMillis", "1.5"), "/variants/0/timeoutMillis", "/variants/0/timeoutMillis must be a whole number (was 1.5)"),
        rule("metadata is an object", set("/variants/0/metadata", "\"v1\""), "/variants/0/metadata", "/variants/0/metadata must be an object (was \"v1\")"),
        rule("unknown variant field", put("/variants/1", "wieght", "5"), "/variants/1/wieght", "/variants/1/wieght is not a known field (known: name, upstream, weight, timeoutMillis, metadata, resilience)"),
        // control, allocation
        rule("control is required", remove("/control"), "/control", "/control is required"),
        rule("control names a variant", set("/control", "\"ctrl\""), "/control", "/control must name one of the variants [control, treatment] (was \"ctrl\")"),
        rule("allocation range", set("/allocation", "1.5"), "/allocation", "/allocation must be between 0 and 1 (was 1.5)"),
        rule("allocation not negative", set("/allocation", "-0.1"), "/allocation", "/allocation must be between 0 and 1 (was -0.1)"),
        rule("allocation is a number", set("/allocation", "\"half\""), "/allocation", "/allocation must be a number (was \"half\")"),
        // metrics
        rule("metrics are required", remove("/metrics"), "/metrics", "/metrics is required"),
        rule("at least one metric", set("/metrics", "[]"), "/metrics", "/metrics must have at least 1 metric (was 0)"),
        rule("metric name pattern", set("/metrics/0/name", "\"Helpfulness\""), "/metrics/0/name", "/metrics/0/name must be 1 to 64 lower-case letters, digits or '_' (was \"Helpfulness\")"),
        rule("metric names unique", set("/metrics/1/name", "\"helpfulness\""), "/metrics/1/name", "/metrics/1/name must be unique (\"helpfulness\" is already the name of /metrics/0)"),
        rule("metric type is required", remove("/metrics/1/type"), "/metrics/1/type", "/metrics/1/type is required"),
        rule("metric type enum", set("/metrics/1/type", "\"boolean\""), "/metrics/1/type", "/metrics/1/type must be one of binary, continuous (was \"boolean\")"),
        rule("metric direction enum", set("/metrics/0/direction", "\"up\""), "/metrics/0/direction", "/metrics/0/direction must be one of increase, decrease (was \"up\")"),
        rule("metric source enum", set("/metrics/0/source", "\"human\""), "/metrics/0/source", "/metrics/0/source must be one of judgment, proxy (was \"human\")"),
        rule("proxy metric needs field", remove("/metrics/2/field"), "/metrics/2/field", "/metrics/2/field is required"),
        rule("proxy field enum", set("/metrics/2/field", "\"latency\""), "/metrics/2/field", "/metrics/2/field must be one of latencyMs, ttfbMs, error, promptTokens, completionTokens, totalTokens, fallback, retries, rateLimited (was \"latency\")"),
        rule("judgment metric has no field", put("/metrics/1", "field", "\"error\""), "/metrics/1/field", "/metrics/1/field is only allowed for source proxy (source is judgment)"),
        rule("error field needs binary", set("/metrics/3/type", "\"continuous\""), "/metrics/3/field", "/metrics/3/field \"error\" needs type binary (type is continuous)"),
        rule("latency field needs continuous", set("/metrics/2/type", "\"binary\""), "/metrics/2/field", "/metrics/2/field \"latencyMs\" needs type continuous (type is binary)"),
        rule("binary metric has no min", put("/metrics/1", "min", "0"), "/metrics/1/min", "/metrics/1/min is not allowed for binary metrics (values are 0 or 1)"),
        rule("binary metric has no max", put("/metrics/1", "max", "1"), "/metrics/1/max", "/metrics/1/max is not allowed for binary metrics (values are 0 or 1)"),
        rule("binary metric has no badBelow", put("/metrics/1", "badBelow", "1"), "/metrics/1/badBelow", "/metrics/1/badBelow is only allowed for continuous metrics (type is binary)"),
        rule("min <= max", set("/metrics/0/min", "6"), "/metrics/0/min", "/metrics/0/min must be <= max (was 6 > 5)"),
        rule("min is a number", set("/metrics/0/min", "\"one\""), "/metrics/0/min", "/metrics/0/min must be a number (was \"one\")"),
        rule("badBelow within bounds", set("/metrics/0/badBelow", "7"), "/metrics/0/badBelow", "/metrics/0/badBelow must be between 1 and 5 (was 7)"),
        // analysis
        rule("analysis is an object", set("/analysis", "\"x\""), "/analysis", "/analysis must be an object (was \"x\")"),
        rule("alpha upper bound", set("/analysis/alpha", "0.7"), "/analysis/alpha", "/analysis/alpha must be > 0 and <= 0.5 (was 0.7)"),
        rule("alpha lower bound", set("/analysis/alpha", "0"), "/analysis/alpha", "/analysis/alpha must be > 0 and <= 0.5 (was 0)"),
        rule("mode enum", set("/analysis/mode", "\"bayes\""), "/analysis/mode", "/analysis/mode must be one of fixed, sequential (was \"bayes\")"),
        rule("correction enum", set("/analysis/correction", "\"bonferroni\""), "/analysis/correction", "/analysis/correction must be one of holm, bh, none (was \"bonferroni\")"),
        rule("sequentialTuning > 0", set("/analysis/sequentialTuning", "0"), "/analysis/sequentialTuning", "/analysis/sequentialTuning must be > 0 (was 0)"),
        rule("srmThreshold < 1", set("/analysis/srmThreshold", "1"), "/analysis/srmThreshold", "/analysis/srmThreshold must be > 0 and < 1 (was 1)"),
        rule("minUnitsPerSegment >= 2", set("/analysis/minUnitsPerSegment", "1"), "/analysis/minUnitsPerSegment", "/analysis/minUnitsPerSegment must be >= 2 (was 1)"),
        rule("minUnitsPerSegment whole", set("/analysis/minUnitsPerSegment", "2.5"), "/analysis/minUnitsPerSegment", "/analysis/minUnitsPerSegment must be a whole number (was 2.5)"),
        rule("priorSd > 0", set("/analysis/priorSd", "-1"), "/analysis/priorSd", "/analysis/priorSd must be > 0 (was -1)"),
        rule("power < 1", set("/analysis/power", "1"), "/analysis/power", "/analysis/power must be > 0 and < 1 (was 1)"),
        rule("targetLift > 0", set("/analysis/targetLift", "0"), "/analysis/targetLift", "/analysis/targetLift must be > 0 (was 0)"),
        rule("unknown analysis field", put("/analysis", "alfa", "0.1"), "/analysis/alfa", "/analysis/alfa is not a known field (known: alpha, mode, correction, sequentialTuning, srmThreshold, minUnitsPerSegment, priorSd, power, targetLift)"),
        // segments
        rule("segments is an array", set("/segments", "{}"), "/segments", "/segments must be an array (was an object)"),
        rule("at most 10 segments", ExperimentParserTest::elevenSegments, "/segments", "/segments must have at most 10 dimensions (was 11)"),
        rule("segment name pattern", set("/segments/0/name", "\"Task Type\""), "/segments/0/name", "/segments/0/name must be 1 to 64 lower-case letters, digits or '_' (was \"Task Type\")"),
        rule("segment names unique", set("/segments/1/name", "\"task_type\""), "/segments/1/name", "/segments/1/name must be unique (\"task_type\" is already the name of /segments/0)"),
        rule("segment source enum", set("/segments/2/source", "\"cookie\""), "/segments/2/source", "/segments/2/source must be one of header, query, body, inputLength, response (was \"cookie\")"),
        rule("segment key is required", remove("/segments/2/key"), "/segments/2/key", "/segments/2/key is required"),
        rule("header key is a header name", set("/segments/1/key", "\"Accept Language\""), "/segments/1/key", "/segments/1/key must be a header name (letters, digits and !#$%&'*+-.^_`|~) (was \"Accept Language\")"),
        rule("body key is a pointer", set("/segments/0/key", "\"metadata.task_type\""), "/segments/0/key", "/segments/0/key must be a JSON pointer starting with \"/\" (RFC 6901) (was \"metadata.task_type\")"),
        rule("query key not empty", set("/segments/2/key", "\"\""), "/segments/2/key", "/segments/2/key must be a query parameter name (was \"\")"),
        rule("inputLength key", set("/segments/3/key", "\"bytes\""), "/segments/3/key", "/segments/3/key must be one of chars, promptTokens for source inputLength (was \"bytes\")"),
        rule("response key", set("/segments/4/key", "\"latency\""), "/segments/4/key", "/segments/4/key must be one of finishReason, toolCalls, statusClass, servedBy for source response (was \"latency\")"),
        rule("inputLength needs buckets", remove("/segments/3/buckets"), "/segments/3/buckets", "/segments/3/buckets is required"),
        rule("buckets not empty", set("/segments/3/buckets", "[]"), "/segments/3/buckets", "/segments/3/buckets must have 1 to 20 bounds (was 0)"),
        rule("buckets increasing", set("/segments/3/buckets", "[200, 100]"), "/segments/3/buckets/1", "/segments/3/buckets/1 must be greater than the bound before it, 200 (was 100)"),
        rule("buckets positive whole", set("/segments/3/buckets", "[0.5, 100]"), "/segments/3/buckets/0", "/segments/3/buckets/0 must be a positive whole number: lengths are counted in whole chars or tokens (was 0.5)"),
        rule("buckets only for inputLength", put("/segments/1", "buckets", "[10]"), "/segments/1/buckets", "/segments/1/buckets is only allowed for source inputLength (source is header)"),
        rule("maxValues lower bound", set("/segments/0/maxValues", "0"), "/segments/0/maxValues", "/segments/0/maxValues must be between 1 and 1000 (was 0)"),
        rule("maxValues upper bound", set("/segments/0/maxValues", "1001"), "/segments/0/maxValues", "/segments/0/maxValues must be between 1 and 1000 (was 1001)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleMistakes")
  void reports_one_mistake_with_its_pointer_and_message(String rule, Consumer<ObjectNode> mistake, String pointer, String message) {
    ObjectNode doc = Fixtures.full();
    mistake.accept(doc);
    List<ValidationError> errors = errors(ExperimentParser.parse(doc));
    assertThat(errors).containsExactly(new ValidationError(pointer, message));
    assertThat(errors.get(0).message()).startsWith(pointer);
  }

  @Test
  void reports_malformed_json_with_line_and_column() {
    List<ValidationError> errors = errors(ExperimentParser.parse("{\"id\": \"x\",\n  \"status\": }"));
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).pointer()).isEmpty();
    assertThat(errors.get(0).message()).startsWith("document is not valid JSON at line 2, column 13: Unexpected character ('}'");
  }

  @Test
  void rejects_duplicate_keys_and_trailing_content_as_malformed() {
    assertThat(errors(ExperimentParser.parse("{\"id\": \"a\", \"id\": \"b\"}")).get(0).message())
        .startsWith("document is not valid JSON at line 1").contains("Duplicate field 'id'");
    assertThat(errors(ExperimentParser.parse(Fixtures.FULL + " {}")).get(0).message())
        .startsWith("document is not valid JSON").contains("Trailing token");
  }

  @Test
  void rejects_empty_input_and_non_object_documents() {
    assertThat(errors(ExperimentParser.parse(""))).containsExactly(
        new ValidationError("", "document is empty: expected a JSON object describing an experiment"));
    assertThat(errors(ExperimentParser.parse((String) null))).hasSize(1);
    assertThat(errors(ExperimentParser.parse("[1, 2]"))).containsExactly(
        new ValidationError("", "document must be a JSON object (was an array)"));
    assertThat(errors(ExperimentParser.parse("\"experiment\""))).containsExactly(
        new ValidationError("", "document must be a JSON object (was \"experiment\")"));
  }

  @Test
  void reports_every_mistake_of_a_sloppy_definition_at_once() {
    String sloppy = """
        {
          "id": "Support Prompt",
          "status": "live",
          "route": {"pathPrefix": "v1/chat"},
          "unit": {"source": "header"},
          "variants": [
            {"name": "control", "upstream": "localhost:9001", "weight": -5},
            {"name": "control", "upstream": "http://127.0.0.1:9002", "weight": "fifty", "timeout": 10}
          ],
          "control": "ctrl",
          "allocation": 1.5,
          "metrics": [
            {"name": "latency", "type": "binary", "direction": "decrease", "source": "proxy", "field": "latencyMs"},
            {"name": "score", "type": "continuous", "direction": "increase", "min": 5, "max": 1}
          ],
          "analysis": {"alpha": 0.9, "correction": "bonferroni"},
          "segments": [{"name": "size", "source": "inputLength", "key": "chars"}],
          "owner": "me"
        }
        """;
    List<ValidationError> errors = errors(ExperimentParser.parse(sloppy));
    assertThat(errors).extracting(ValidationError::pointer).containsExactly(
        "/id", "/status", "/route/pathPrefix", "/unit/name",
        "/variants/0/upstream", "/variants/0/weight", "/variants/1/name", "/variants/1/weight", "/variants/1/timeout",
        "/control", "/allocation", "/metrics/0/field", "/metrics/1/min", "/analysis/alpha", "/analysis/correction",
        "/segments/0/buckets", "/owner");
    assertThat(errors).allSatisfy(e -> assertThat(e.message()).startsWith(e.pointer() + " "));
  }

  @Test
  void never_throws_whatever_value_sits_at_any_field() {
    List<String> pointers = allPointers(Fixtures.full(), "");
    List<String> values = List.of("null", "true", "-1", "0", "1e400", "\"\"", "\"x\"", "[]", "{}", "[{}]", "{\"a\": 1}");
    int invalid = 0;
    for (String pointer : pointers) {
      for (String value : values) {
        ObjectNode doc = Fixtures.full();
        set(pointer, value).accept(doc);
        ParseResult r = ExperimentParser.parse(doc);
        if (r instanceof ParseResult.Invalid i) {
          invalid++;
          assertThat(i.errors()).allSatisfy(e -> assertThat(e.message()).startsWith(e.pointer()));
        }
      }
    }
    assertThat(invalid).isGreaterThan(pointers.size() * 5);
  }

  // ---- helpers

  private static Experiment valid(String json) {
    ParseResult r = ExperimentParser.parse(json);
    assertThat(r).as("%s", r).isInstanceOf(ParseResult.Valid.class);
    return ((ParseResult.Valid) r).experiment();
  }

  private static List<ValidationError> errors(ParseResult r) {
    assertThat(r).isInstanceOf(ParseResult.Invalid.class);
    return ((ParseResult.Invalid) r).errors();
  }

  private static Arguments rule(String name, Consumer<ObjectNode> mistake, String pointer, String message) {
    return Arguments.of(name, mistake, pointer, message);
  }

  /** Sets the value at {@code pointer} (its parent must exist) to the JSON {@code json}. */
  static Consumer<ObjectNode> set(String pointer, String json) {
    return doc -> {
      int slash = pointer.lastIndexOf('/');
      JsonNode parent = doc.at(pointer.substring(0, slash));
      String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
      if (parent instanceof ArrayNode a) {
        a.set(Integer.parseInt(last), Fixtures.json(json));
      } else {
        ((ObjectNode) parent).set(last, Fixtures.json(json));
      }
    };
  }

  private static Consumer<ObjectNode> put(String objectPointer, String field, String json) {
    return doc -> ((ObjectNode) doc.at(objectPointer)).set(field, Fixtures.json(json));
  }

  private static Consumer<ObjectNode> remove(String pointer) {
    return doc -> {
      int slash = pointer.lastIndexOf('/');
      ((ObjectNode) doc.at(pointer.substring(0, slash))).remove(pointer.substring(slash + 1));
    };
  }

  private static Consumer<ObjectNode> removeItem(String arrayPointer, int index) {
    return doc -> ((ArrayNode) doc.at(arrayPointer)).remove(index);
  }

  private static void elevenSegments(ObjectNode doc) {
    ArrayNode segments = (ArrayNode) doc.get("segments");
    segments.removeAll();
    for (int i = 0; i < 11; i++) {
      segments.add(Fixtures.json("{\"name\": \"h" + i + "\", \"source\": \"header\", \"key\": \"X-H" + i + "\"}"));
    }
  }

  private static List<String> allPointers(JsonNode node, String at) {
    List<String> out = new java.util.ArrayList<>();
    if (!at.isEmpty()) {
      out.add(at);
    }
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> out.addAll(allPointers(e.getValue(), JsonPointers.child(at, e.getKey()))));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        out.addAll(allPointers(node.get(i), at + "/" + i));
      }
    }
    return out;
  }
}

package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentExtractorTest {

  private final List<SegmentDimension> dims = Fixtures.fullExperiment().segments(); // task_type, lang, tier, input_size, finish

  private record Resp(int status, String finishReason, int toolCalls, Long promptTokens) implements ResponseView {}

  @Test
  void reads_request_side_dimensions() {
    FakeRequest req = new FakeRequest(Map.of("accept-language", "  de-CH  "), Map.of("tier", "pro"),
        Fixtures.json("{\"metadata\": {\"task_type\": \"refund\"}}"), 1500);
    assertThat(SegmentExtractor.fromRequest(dims, req)).containsExactly(
        Map.entry("task_type", "refund"), Map.entry("lang", "de-CH"), Map.entry("tier", "pro"), Map.entry("input_size", "1000-3999"));
  }

  @Test
  void leaves_out_missing_blank_and_non_scalar_values() {
    FakeRequest req = new FakeRequest(Map.of("Accept-Language", "   "), Map.of(),
        Fixtures.json("{\"metadata\": {\"task_type\": {\"nested\": 1}}}"), -1);
    assertThat(SegmentExtractor.fromRequest(dims, req)).isEmpty();
    assertThat(SegmentExtractor.fromRequest(dims, new FakeRequest(Map.of(), Map.of(), null, 10)))
        .containsExactly(Map.entry("input_size", "<200"));
  }

  @Test
  void writes_body_scalars_as_text() {
    List<SegmentDimension> d = List.of(SegmentDimension.of("n", SegmentSource.BODY, "/n"), SegmentDimension.of("b", SegmentSource.BODY, "/b"));
    FakeRequest req = new FakeRequest(Map.of(), Map.of(), Fixtures.json("{\"n\": 42, \"b\": true}"), 0);
    assertThat(SegmentExtractor.fromRequest(d, req)).containsExactly(Map.entry("n", "42"), Map.entry("b", "true"));
  }

  @Test
  void caps_values_at_64_chars_without_changing_case() {
    String longValue = "X".repeat(100);
    FakeRequest req = new FakeRequest(Map.of("Accept-Language", longValue), Map.of(), null, -1);
    assertThat(SegmentExtractor.fromRequest(dims, req).get("lang")).isEqualTo("X".repeat(64));
    assertThat(SegmentExtractor.clean("a".repeat(63) + "\uD83D\uDE00")).isEqualTo("a".repeat(63));
  }

  @Test
  void labels_input_length_buckets_at_their_bounds() {
    SegmentDimension size = dims.get(3); // [200, 1000, 4000]
    assertThat(size.bucketLabel(0)).isEqualTo("<200");
    assertThat(size.bucketLabel(199)).isEqualTo("<200");
    assertThat(size.bucketLabel(200)).isEqualTo("200-999");
    assertThat(size.bucketLabel(999)).isEqualTo("200-999");
    assertThat(size.bucketLabel(1000)).isEqualTo("1000-3999");
    assertThat(size.bucketLabel(3999)).isEqualTo("1000-3999");
    assertThat(size.bucketLabel(4000)).isEqualTo(">=4000");
    assertThat(SegmentDimension.inputLength("s", "chars", List.of(5.0, 6.0)).bucketLabel(5)).isEqualTo("5");
  }

  @Test
  void reads_response_side_dimensions() {
    List<SegmentDimension> d = List.of(
        SegmentDimension.of("finish", SegmentSource.RESPONSE, "finishReason"),
        SegmentDimension.of("tools", SegmentSource.RESPONSE, "toolCalls"),
        SegmentDimension.of("status", SegmentSource.RESPONSE, "statusClass"),
        SegmentDimension.inputLength("prompt", "promptTokens", List.of(500.0, 2000.0)),
        SegmentDimension.inputLength("chars", "chars", List.of(500.0)),
        SegmentDimension.of("lang", SegmentSource.HEADER, "Accept-Language"));
    assertThat(SegmentExtractor.fromResponse(d, new Resp(200, "stop", 0, 700L))).containsExactly(
        Map.entry("finish", "stop"), Map.entry("tools", "0"), Map.entry("status", "2xx"), Map.entry("prompt", "500-1999"));
    assertThat(SegmentExtractor.fromResponse(d, new Resp(503, null, 7, null))).containsExactly(
        Map.entry("tools", "3+"), Map.entry("status", "5xx"));
  }

  @Test
  void labels_tool_calls_and_status_classes() {
    assertThat(List.of(0, 1, 2, 3, 10)).extracting(SegmentExtractor::toolCallsLabel).containsExactly("0", "1", "2", "3+", "3+");
    assertThat(List.of(200, 204, 404, 429, 500, 0)).extracting(SegmentExtractor::statusClass)
        .containsExactly("2xx", "2xx", "4xx", "4xx", "5xx", null);
  }

  @Test
  void request_and_response_dimensions_split_cleanly() {
    assertThat(dims).filteredOn(SegmentDimension::requestSide).extracting(SegmentDimension::name)
        .containsExactly("task_type", "lang", "tier", "input_size");
  }
}

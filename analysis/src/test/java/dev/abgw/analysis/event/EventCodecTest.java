package dev.abgw.analysis.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  /** Lines the gateway exported before the typed codec existed (written by the old JsonObject encoder). */
  private static List<String> exportedBefore() throws IOException {
    try (InputStream in = EventCodecTest.class.getResourceAsStream("/export/events-before-typed-codec.ndjson")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
  }

  @Test
  void reencodes_every_previously_exported_line_byte_for_byte() throws IOException {
    List<String> lines = exportedBefore();
    assertThat(lines).hasSize(7);
    for (String line : lines) {
      // The one field added since (upstreamRequestId, null when the upstream sent none) sits before segments.
      String expected = line.startsWith("{\"type\":\"request\"")
          ? line.replace(",\"segments\":", ",\"upstreamRequestId\":null,\"segments\":") : line;
      assertThat(EventCodec.encode(EventCodec.decode(line))).isEqualTo(expected);
    }
  }

  @Test
  void decodes_a_request_into_its_typed_outcome() throws IOException {
    RequestEvent r = (RequestEvent) EventCodec.decode(exportedBefore().get(0));
    assertThat(r.type()).isEqualTo(EventType.REQUEST);
    assertThat(r.variant()).isEqualTo("treatment");
    assertThat(r.timeMillis()).isEqualTo(1764582000123L);
    assertThat(r.outcome().errorKind()).isNull();
    assertThat(r.outcome().totalTokens()).isEqualTo(168L);
    assertThat(r.segments()).containsEntry("task_type", "refund").hasSize(3);
    RequestEvent timeout = (RequestEvent) EventCodec.decode(exportedBefore().get(1));
    assertThat(timeout.outcome().errorKind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(timeout.outcome().ttfbMillis()).isNaN();
    assertThat(timeout.outcome().promptTokens()).isNull();
  }

  @Test
  void writes_a_new_judgment_as_the_export_format_says() {
    RequestContext ctx = new RequestContext("req-12345678", "exp", "b", "u1", 0, Map.of());
    Judgment j = new Judgment("req-12345678", "helpfulness", 5, null, "human", null, null, Map.of());
    String line = EventCodec.encode(JudgmentEvent.of(ctx, j, Map.of("lang", "de"), 1000));
    assertThat(line).isEqualTo("{\"type\":\"judgment\",\"experiment\":\"exp\",\"variant\":\"b\",\"unit\":\"u1\","
        + "\"requestId\":\"req-12345678\",\"metric\":\"helpfulness\",\"value\":5.0,\"id\":null,\"judge\":\"human\","
        + "\"confidence\":null,\"comment\":null,\"time\":\"1970-01-01T00:00:01Z\",\"segments\":{\"lang\":\"de\"}}");
  }

  @Test
  void names_what_is_wrong_with_a_line_that_is_not_an_event() {
    assertThatThrownBy(() -> EventCodec.decode("{not json")).hasMessage("not JSON");
    assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"click\"}"))
        .hasMessage("type must be one of request, judgment (was \"click\")");
    assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"request\",\"errorKind\":\"boom\"}"))
        .hasMessageContaining("errorKind must be one of connect, timeout, reset, status_5xx, rate_limited, circuit_open, client_closed, client_slow (was \"boom\")");
    assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"judgment\",\"metric\":\"m\",\"value\":\"high\"}"))
        .hasMessage("judgment of metric m has no numeric value");
  }

  @Test
  void wire_names_of_the_enums_are_the_documented_strings() {
    assertThat(ErrorKind.STATUS_5XX.wire()).isEqualTo("status_5xx");
    assertThat(ErrorKind.fromWire("client_closed")).isEqualTo(ErrorKind.CLIENT_CLOSED);
    assertThat(JudgmentStatus.UNKNOWN_REQUEST.wire()).isEqualTo("unknown_request");
    assertThat(JudgmentStatus.fromWire("duplicate")).isEqualTo(JudgmentStatus.DUPLICATE);
    assertThat(EventType.fromWire("judgment")).isEqualTo(EventType.JUDGMENT);
  }
}

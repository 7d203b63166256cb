package dev.abgw.gateway.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.analysis.event.EventCodec;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stores keep events as Vert.x JSON built from {@link EventCodec#fields}: the bytes must be the codec's. */
class StoredEventTest {
  private static final List<String> EXPORTED_BEFORE = List.of(
      "{\"type\":\"request\",\"experiment\":\"support-prompt-v2\",\"variant\":\"treatment\",\"unit\":\"alice\","
          + "\"requestId\":\"53986da6c0ffee0011223344556677aa\",\"time\":\"2025-12-01T09:40:00.123Z\",\"status\":200,"
          + "\"errorKind\":null,\"latencyMs\":812.437,\"ttfbMs\":95.25,\"usage\":{\"promptTokens\":120,"
          + "\"completionTokens\":48,\"totalTokens\":168},\"finishReason\":\"stop\",\"toolCalls\":0,"
          + "\"segments\":{\"input_size\":\"200-1000\",\"task_type\":\"refund\",\"lang\":\"de\"}}",
      "{\"type\":\"judgment\",\"experiment\":\"support-prompt-v2\",\"variant\":\"treatment\",\"unit\":\"alice\","
          + "\"requestId\":\"53986da6c0ffee0011223344556677aa\",\"metric\":\"helpfulness\",\"value\":4.0,\"id\":\"review-1\","
          + "\"judge\":\"human\",\"confidence\":0.9,\"comment\":\"clear \\\"answer\\\", ünïcode ✓\","
          + "\"time\":\"2025-12-01T09:41:00.123Z\",\"segments\":{\"task_type\":\"refund\",\"lang\":\"de\"}}");

  @Test
  void a_stored_event_encodes_to_the_exported_bytes() {
    for (String line : EXPORTED_BEFORE) {
      // The one field added since (upstreamRequestId, null when the upstream sent none) sits before segments.
      String expected = line.startsWith("{\"type\":\"request\"")
          ? line.replace(",\"segments\":", ",\"upstreamRequestId\":null,\"segments\":") : line;
      assertThat(new JsonObject(EventCodec.fields(EventCodec.decode(line))).encode()).isEqualTo(expected);
    }
  }
}

package dev.abgw.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ResponseSnifferTest {
  private static ResponseSniffer feed(String contentType, String... chunks) {
    ResponseSniffer s = new ResponseSniffer(contentType);
    for (String c : chunks) s.feed(Buffer.buffer(c));
    s.end();
    return s;
  }

  @Test
  void reads_usage_finish_reason_and_tool_calls_of_a_json_completion_split_across_chunks() {
    String body = "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"a {\\\"usage\\\": 1}\","
        + "\"tool_calls\":[{\"id\":\"t1\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},{\"id\":\"t2\"}]},"
        + "\"finish_reason\":\"tool_calls\"},{\"index\":1,\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18}}";
    ResponseSniffer s = feed("application/json; charset=utf-8", body.substring(0, 40), body.substring(40));
    assertThat(s.promptTokens()).isEqualTo(11);
    assertThat(s.completionTokens()).isEqualTo(7);
    assertThat(s.totalTokens()).isEqualTo(18);
    assertThat(s.finishReason()).isEqualTo("tool_calls");
    assertThat(s.toolCalls()).isEqualTo(2);
  }

  @Test
  void reads_usage_from_the_last_sse_event_and_counts_streamed_tool_calls() {
    ResponseSniffer s = feed("text/event-stream",
        "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0}]}}]}\n\ndata: {\"choices\":[{\"delta\":{\"tool_ca",
        "lls\":[{\"index\":0},{\"index\":1}]}}]}\n\n",
        "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}\n\ndata: [DONE]\n\n");
    assertThat(s.totalTokens()).isEqualTo(7);
    assertThat(s.finishReason()).isEqualTo("stop");
    assertThat(s.toolCalls()).isEqualTo(2);
  }

  @Test
  void reads_nothing_from_bodies_that_are_not_completions() {
    ResponseSniffer broken = feed("application/json", "{\"usage\": ");
    assertThat(broken.totalTokens()).isNull();
    ResponseSniffer html = feed("text/html", "<html>usage</html>");
    assertThat(html.totalTokens()).isNull();
    ResponseSniffer array = feed("application/json", "[1,2,3]");
    assertThat(array.finishReason()).isNull();
  }
}

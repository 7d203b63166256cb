package dev.abgw.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void a_multi_line_message_with_quotes_and_a_stack_trace_is_one_json_line() throws Exception {
    LogRecord r = new LogRecord(Level.WARNING, "file \"a.json\" refused:\n  /variants/0: bad\ttab \u0001");
    r.setLoggerName("abgw");
    r.setThrown(new IllegalStateException("boom"));
    String line = new JsonLogFormatter().format(r);
    assertThat(line).endsWith("}\n");
    assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
    JsonNode n = JSON.readTree(line);
    assertThat(n.path("level").asText()).isEqualTo("WARNING");
    assertThat(n.path("logger").asText()).isEqualTo("abgw");
    assertThat(n.path("message").asText()).isEqualTo("file \"a.json\" refused:\n  /variants/0: bad\ttab \u0001");
    assertThat(n.path("error").asText()).startsWith("java.lang.IllegalStateException: boom");
    assertThat(n.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  @Test
  void an_access_event_keeps_numbers_as_numbers_and_leaves_out_missing_fields() throws Exception {
    LogRecord r = new LogRecord(Level.INFO, "access");
    r.setLoggerName(AccessLog.LOGGER);
    java.util.LinkedHashMap<String, Object> f = new java.util.LinkedHashMap<>();
    f.put("request_id", "r1");
    f.put("experiment", null);
    f.put("status", 404);
    f.put("latency_ms", 1.25);
    r.setParameters(new Object[] {f});
    JsonNode n = JSON.readTree(new JsonLogFormatter().format(r));
    assertThat(n.path("status").isInt()).isTrue();
    assertThat(n.path("latency_ms").asDouble()).isEqualTo(1.25);
    assertThat(n.has("experiment")).isFalse();
    assertThat(new TextLogFormatter().format(r)).isEqualTo("access request_id=r1 status=404 latency_ms=1.25\n");
  }

  @Test
  void text_lines_read_as_serve_always_printed_them() {
    LogRecord r = new LogRecord(Level.INFO, "proxy on 0.0.0.0:8080");
    r.setLoggerName("abgw");
    assertThat(new TextLogFormatter().format(r)).isEqualTo("abgw: proxy on 0.0.0.0:8080\n");
    LogRecord w = new LogRecord(Level.WARNING, "upstream failed");
    w.setLoggerName("dev.abgw.gateway.proxy.UpstreamFailures");
    assertThat(new TextLogFormatter().format(w))
        .isEqualTo("abgw: WARNING dev.abgw.gateway.proxy.UpstreamFailures: upstream failed\n");
  }

  @Test
  void the_format_flag_names_its_values() {
    assertThat(LogFormat.of("JSON")).isEqualTo(LogFormat.JSON);
    assertThatThrownBy(() -> LogFormat.of("xml")).hasMessage("--log-format must be text or json (was \"xml\")");
  }
}

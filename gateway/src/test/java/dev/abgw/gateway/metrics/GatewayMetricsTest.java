package dev.abgw.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayMetricsTest {
  @Test
  void renders_cumulative_latency_buckets_and_counts_per_status_class_and_error_kind() {
    GatewayMetrics m = new GatewayMetrics();
    m.recordRequest("exp", "a", 200, null, 3);      // 0.003 s -> le 0.005
    m.recordRequest("exp", "a", 200, null, 40);     // 0.04 s  -> le 0.05
    m.recordRequest("exp", "a", 504, "timeout", 90_000); // beyond 60 s -> only +Inf
    m.recordRequest("exp", "a", 0, "connect", 1);
    String text = m.render();
    assertThat(text).contains("abgw_requests_total{experiment=\"exp\",variant=\"a\",status_class=\"2xx\"} 2")
        .contains("status_class=\"5xx\"} 1").contains("status_class=\"none\"} 1")
        .contains("abgw_upstream_errors_total{experiment=\"exp\",variant=\"a\",kind=\"timeout\"} 1")
        .contains("le=\"0.005\"} 2").contains("le=\"0.025\"} 2").contains("le=\"0.05\"} 3")
        .contains("le=\"60.0\"} 3").contains("le=\"+Inf\"} 4")
        .contains("abgw_request_duration_seconds_count{experiment=\"exp\",variant=\"a\"} 4");
  }
}

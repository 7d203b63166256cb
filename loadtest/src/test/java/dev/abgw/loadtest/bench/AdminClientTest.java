package dev.abgw.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdminClientTest {

  @Test
  void reads_the_gateways_time_from_server_timing() {
    assertThat(AdminClient.serverMillis("report;dur=12.345")).isEqualTo(12.345);
    assertThat(AdminClient.serverMillis("cache;desc=hit, report;dur=7")).isEqualTo(7.0);
  }

  @Test
  void says_nan_when_there_is_no_duration() {
    assertThat(AdminClient.serverMillis(null)).isNaN();
    assertThat(AdminClient.serverMillis("report;desc=\"no time\"")).isNaN();
  }
}

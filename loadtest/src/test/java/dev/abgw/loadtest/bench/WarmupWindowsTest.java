package dev.abgw.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WarmupWindowsTest {

  @Test
  void cuts_requests_into_seconds_by_intended_send_time_at_the_rate() {
    WarmupWindows w = new WarmupWindows(100, 8);
    for (long i = 0; i < 800; i++) w.record(i, i < 100 ? 50_000 : 2_000);
    w.record(800, 1); // due in second 9: outside the run
    assertThat(w.count(0)).isEqualTo(100);
    assertThat(w.count(7)).isEqualTo(100);
    assertThat(w.p99Millis(0)).isCloseTo(50.0, org.assertj.core.data.Offset.offset(0.1));
    assertThat(w.p99Millis(1)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void settles_after_the_last_second_whose_p99_is_above_twice_the_steady_p99() {
    WarmupWindows w = new WarmupWindows(100, 10);
    long[] p99Micros = {90_000, 30_000, 5_000, 3_900, 3_000, 2_000, 2_000, 2_000, 2_000, 2_000};
    for (int s = 0; s < 10; s++) {
      for (int k = 0; k < 100; k++) w.record(s * 100L + k, p99Micros[s]);
    }
    assertThat(w.steadyP99Millis()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
    // Second 3 (5 ms) is the last above 4 ms; 3.9 ms in second 4 is within the bound.
    assertThat(w.settledAfterSeconds()).isEqualTo(3);
  }

  @Test
  void a_second_without_any_answer_is_not_settled() {
    WarmupWindows w = new WarmupWindows(10, 7);
    for (long i = 0; i < 70; i++) {
      if (i / 10 != 1) w.record(i, 1_000);
    }
    assertThat(w.p99Millis(1)).isNaN();
    assertThat(w.settledAfterSeconds()).isEqualTo(2);
  }

  @Test
  void needs_more_seconds_than_the_steady_tail() {
    assertThatThrownBy(() -> new WarmupWindows(100, 5)).hasMessage("seconds must be at least 6 (was 5)");
  }
}

package dev.abgw.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

  @Test
  void spaces_requests_evenly_at_a_constant_rate() {
    ArrivalSchedule schedule = ArrivalSchedule.constant(200);
    assertThat(schedule.offsetNanos(0)).isZero();
    assertThat(schedule.offsetNanos(1)).isEqualTo(5_000_000);
    assertThat(schedule.offsetNanos(400)).isEqualTo(2_000_000_000L);
    // No drift: request one million is exactly 5000 s in.
    assertThat(schedule.offsetNanos(1_000_000)).isEqualTo(5_000_000_000_000L);
  }

  @Test
  void ramps_linearly_then_holds_the_target() {
    // 0 -> 100 rps over 2 s: N(t) = 25 t^2 on the ramp, so N(1) = 25 and N(2) = 100.
    ArrivalSchedule schedule = new ArrivalSchedule(0, 100, 2_000);
    assertThat(schedule.offsetNanos(25) / 1e9).isCloseTo(1.0, within(1e-9));
    assertThat(schedule.offsetNanos(100) / 1e9).isCloseTo(2.0, within(1e-9));
    assertThat(schedule.offsetNanos(200) / 1e9).isCloseTo(3.0, within(1e-9));
    assertThat(schedule.rateAt(0.5)).isEqualTo(25);
    assertThat(schedule.rateAt(5)).isEqualTo(100);
    // Spacing shrinks as the rate grows.
    long early = schedule.offsetNanos(11) - schedule.offsetNanos(10);
    long late = schedule.offsetNanos(91) - schedule.offsetNanos(90);
    assertThat(early).isGreaterThan(late);
  }

  @Test
  void ramps_down_as_well_as_up() {
    // 100 -> 50 rps over 1 s: N(1) = 75; N(0.5) = 50 - 12.5 = 43.75.
    ArrivalSchedule schedule = new ArrivalSchedule(100, 50, 1_000);
    assertThat(schedule.offsetNanos(75) / 1e9).isCloseTo(1.0, within(1e-9));
    assertThat(schedule.offsetNanos(125) / 1e9).isCloseTo(2.0, within(1e-9));
    assertThat(schedule.offsetNanos(44) / 1e9).isBetween(0.5, 0.51);
  }

  @Test
  void rejects_a_rate_that_is_not_positive() {
    assertThatThrownBy(() -> ArrivalSchedule.constant(0))
        .hasMessage("targetRps must be a finite number > 0 (was 0.0)");
    assertThatThrownBy(() -> new ArrivalSchedule(-1, 10, 100))
        .hasMessage("rampFromRps must be a finite number >= 0 (was -1.0)");
  }
}

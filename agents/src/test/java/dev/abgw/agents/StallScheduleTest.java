package dev.abgw.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StallScheduleTest {

  @Test
  void delays_requests_arriving_in_a_stall_until_it_ends() {
    StallSchedule stall = StallSchedule.every(1_000, 300);
    assertThat(stall.delayMillis(0)).isZero();
    assertThat(stall.delayMillis(699)).isZero();
    assertThat(stall.delayMillis(700)).isEqualTo(300);
    assertThat(stall.delayMillis(950)).isEqualTo(50);
    assertThat(stall.delayMillis(1_000)).isZero();
    assertThat(stall.delayMillis(5_800)).isEqualTo(200);
  }

  @Test
  void never_delays_without_a_schedule() {
    assertThat(StallSchedule.none().delayMillis(12_345)).isZero();
    assertThat(StallSchedule.none().enabled()).isFalse();
  }

  @Test
  void rejects_a_stall_as_long_as_its_period() {
    assertThatThrownBy(() -> StallSchedule.every(100, 100))
        .hasMessage("stall.stallMillis must be >= 0 and < stall.periodMillis (100) (was 100)");
  }
}

package dev.abgw.gateway.proxy.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

  @Test
  void hands_a_released_slot_to_the_oldest_waiter_that_did_not_give_up() {
    ConcurrencyLimit limit = new ConcurrencyLimit(1);
    List<String> granted = new ArrayList<>();
    assertThat(limit.tryAcquire()).isTrue();
    assertThat(limit.tryAcquire()).isFalse();
    ConcurrencyLimit.Waiter first = new ConcurrencyLimit.Waiter(() -> granted.add("first"));
    ConcurrencyLimit.Waiter second = new ConcurrencyLimit.Waiter(() -> granted.add("second"));
    limit.enqueue(first);
    limit.enqueue(second);
    assertThat(first.claim()).isTrue(); // the first timed out
    limit.release();
    assertThat(granted).containsExactly("second");
    assertThat(limit.inFlight()).isEqualTo(1);
    limit.release();
    assertThat(limit.inFlight()).isZero();
  }

  @Test
  void a_waiter_enqueued_after_the_last_release_still_gets_the_free_slot() {
    ConcurrencyLimit limit = new ConcurrencyLimit(1);
    List<String> granted = new ArrayList<>();
    limit.enqueue(new ConcurrencyLimit.Waiter(() -> granted.add("late")));
    assertThat(granted).containsExactly("late");
    assertThat(limit.inFlight()).isEqualTo(1);
  }
}

package dev.abgw.gateway.proxy.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** GCRA with a hand-driven clock: exact counts per second, burst and queue reservations. */
class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong(5 * SECOND);

  private int passing(TokenBucket b, int tries) {
    int n = 0;
    for (int i = 0; i < tries; i++) if (b.reserve(0) == 0) n++;
    return n;
  }

  @Test
  void lets_the_burst_plus_one_through_at_once_then_the_rate() {
    TokenBucket b = new TokenBucket(10, 4, now::get);
    assertThat(passing(b, 100)).isEqualTo(5);
    // Over the next second, one request per 100 ms: ten more, whatever the demand.
    int passed = 0;
    for (int ms = 1; ms <= 1000; ms++) {
      now.addAndGet(1_000_000);
      passed += passing(b, 3);
    }
    assertThat(passed).isEqualTo(10);
  }

  @Test
  void in_any_second_at_most_rate_plus_burst_pass() {
    TokenBucket b = new TokenBucket(5, 2, now::get);
    long start = now.get();
    int passed = 0;
    while (now.get() - start < SECOND - 1) {
      passed += passing(b, 1);
      now.addAndGet(10_000_000);
    }
    // 2 + 1 at once, then one per 200 ms until the second ends: 3 + 4.
    assertThat(passed).isEqualTo(7);
  }

  @Test
  void reserves_a_later_slot_within_the_queue_time_and_refuses_beyond() {
    TokenBucket b = new TokenBucket(2, 0, now::get);
    assertThat(b.reserve(0)).isZero();
    assertThat(b.reserve(SECOND)).isEqualTo(SECOND / 2);
    assertThat(b.reserve(SECOND)).isEqualTo(SECOND);
    assertThat(b.reserve(SECOND)).isEqualTo(TokenBucket.REJECTED);
    assertThat(b.nanosUntilFree()).isEqualTo(3 * SECOND / 2);
  }

  @Test
  void an_idle_bucket_refills_to_its_burst_and_no_further() {
    TokenBucket b = new TokenBucket(1, 3, now::get);
    assertThat(passing(b, 10)).isEqualTo(4);
    now.addAndGet(3600 * SECOND);
    assertThat(passing(b, 10)).isEqualTo(4);
  }
}

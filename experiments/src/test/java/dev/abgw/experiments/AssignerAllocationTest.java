package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The bound assigner's hot path allocates nothing once compiled: the per-request cost is the hash alone. */
class AssignerAllocationTest {

  @Test
  void bound_assigner_allocates_nothing_in_steady_state() {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    Assigner assigner = Assigner.of(Fixtures.withWeights("alloc-free", 0.5, 20, 30, 50));
    String[] units = new String[1024];
    for (int i = 0; i < units.length; i++) {
      units[i] = "user-" + i + "-\u00e9"; // non-ASCII too: goes through the same reused buffer
    }
    long best = Long.MAX_VALUE;
    long sink = 0;
    // The interpreter and not-yet-compiled VarHandle paths may allocate; C2 must get there within a few rounds.
    for (int round = 0; round < 60 && best > 0; round++) {
      long before = mx.getThreadAllocatedBytes(self);
      for (int i = 0; i < 100_000; i++) {
        sink += assigner.assign(units[i & 1023]).counted() ? 1 : 0;
      }
      best = Math.min(best, mx.getThreadAllocatedBytes(self) - before);
    }
    assertThat(sink).isPositive();
    assertThat(best).as("bytes allocated by 100k assignments").isZero();
  }
}

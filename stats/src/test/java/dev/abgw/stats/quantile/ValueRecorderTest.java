package dev.abgw.stats.quantile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ValueRecorderTest {

  private static final int THREADS = 4;
  private static final int PER_THREAD = 25_000;

  @Test
  @Timeout(20)
  void loses_and_duplicates_no_value_while_writers_race_a_flushing_thread() throws Exception {
    ValueRecorder recorder = ValueRecorder.of(ValueScale.latencyMillis());
    ValueHistogram flushed = ValueHistogram.empty(ValueScale.latencyMillis());
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      writers.add(new Thread(() -> {
        awaitQuietly(start);
        for (int i = 0; i < PER_THREAD; i++) {
          recorder.record(valueOf(thread, i));
        }
      }));
    }
    Thread flusher = new Thread(() -> {
      awaitQuietly(start);
      while (writing.get()) {
        flushed.merge(recorder.intervalHistogram());
      }
    });
    writers.forEach(Thread::start);
    flusher.start();
    start.countDown();
    for (Thread w : writers) {
      w.join();
    }
    writing.set(false);
    flusher.join();
    flushed.merge(recorder.intervalHistogram());

    ValueHistogram expected = ValueHistogram.empty(ValueScale.latencyMillis());
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < PER_THREAD; i++) {
        expected.record(valueOf(t, i));
      }
    }
    assertThat(flushed.count()).isEqualTo((long) THREADS * PER_THREAD);
    assertThat(flushed).isEqualTo(expected);
    assertThat(recorder.intervalHistogram().count()).isZero();
  }

  private static double valueOf(int thread, int i) {
    return (thread + 1) * 0.731 * (i % 997) + i * 0.013;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void records_negative_values_and_flushes_them_with_the_others() {
    ValueRecorder recorder = ValueRecorder.of(ValueScale.scores());
    recorder.record(2);
    ValueHistogram first = recorder.intervalHistogram();
    assertThat(first.count()).isEqualTo(1);
    recorder.record(-1);
    recorder.record(0);
    recorder.record(-3.5);
    ValueHistogram second = recorder.intervalHistogram();
    assertThat(second.valuesAtRanks(1, 2, 3)).containsExactly(-3.5, -1, 0);
    first.merge(second);
    assertThat(first.valuesAtRanks(1, 2, 3, 4)).containsExactly(-3.5, -1, 0, 2);
    assertThat(recorder.intervalHistogram().count()).isZero();
  }
}

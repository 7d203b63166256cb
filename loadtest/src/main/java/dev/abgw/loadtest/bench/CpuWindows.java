package dev.abgw.loadtest.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU a gateway process spends per answered request, second by second from the start of its traffic: a thread
 * reads the process's total CPU time ({@link ProcessHandle.Info#totalCpuDuration}, user + system, all threads: the
 * JIT's compiler threads and the collector included) and the responses answered so far at every whole second.
 * Unlike a latency, CPU per request does not grow when other processes take the cores: a cold JVM pays for
 * the interpreter and the compiler, a warm one only for the requests.
 */
final class CpuWindows implements AutoCloseable {
  private final ProcessHandle process;
  private final AtomicLong answered = new AtomicLong();
  private final List<long[]> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  private CpuWindows(ProcessHandle process) {
    this.process = process;
    samples.add(new long[] {cpuMicros(), 0});
    long start = System.nanoTime();
    thread = new Thread(() -> sample(start), "cpu-windows");
    thread.setDaemon(true);
    thread.start();
  }

  static CpuWindows start(ProcessHandle process) {
    return new CpuWindows(process);
  }

  /** Counts one answered request (called from the load generator's response hook). */
  void answered() {
    answered.incrementAndGet();
  }

  private void sample(long startNanos) {
    for (int s = 1; running; s++) {
      long due = startNanos + s * 1_000_000_000L;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
      if (!running) return;
      long[] sample = {cpuMicros(), answered.get()};
      synchronized (samples) {
        samples.add(sample);
      }
    }
  }

  private long cpuMicros() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1000L) / 1000;
  }

  /** Gateway CPU ms spent in second {@code w} (0-based) of the traffic, or NaN when not sampled. */
  double cpuMillis(int w) {
    synchronized (samples) {
      if (w + 1 >= samples.size() || samples.get(w)[0] < 0) return Double.NaN;
      return (samples.get(w + 1)[0] - samples.get(w)[0]) / 1000.0;
    }
  }

  /** Gateway CPU microseconds per request answered in second {@code w}, or NaN when none was answered. */
  double cpuMicrosPerRequest(int w) {
    synchronized (samples) {
      if (w + 1 >= samples.size() || samples.get(w)[0] < 0) return Double.NaN;
      long n = samples.get(w + 1)[1] - samples.get(w)[1];
      return n == 0 ? Double.NaN : (double) (samples.get(w + 1)[0] - samples.get(w)[0]) / n;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}

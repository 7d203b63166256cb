package dev.abgw.loadtest;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The once-a-second progress line: elapsed time, requests sent, current response rate, p50/p99 of
 * what is recorded so far, errors and timeouts. On an interactive terminal the line is rewritten in
 * place; otherwise (CI, pipes) each refresh is its own line.
 */
final class ProgressReporter {

  private final PrintStream out;
  private final String scenario;
  private final boolean inPlace;
  private long lastNanos;
  private long lastResponses;

  ProgressReporter(PrintStream out, String scenario, long startNanos) {
    this.out = out;
    this.scenario = scenario;
    this.inPlace = out == System.err && System.console() != null;
    this.lastNanos = startNanos;
  }

  /** Prints one refresh; {@code totalResponses} counts every response so far, warm-up included. */
  void report(long nowNanos, long startNanos, boolean warmingUp, long sent, long totalResponses, int inFlight,
      LoadRecorder recorder) {
    if (out == null) {
      return;
    }
    double seconds = (nowNanos - lastNanos) / 1e9;
    double rate = seconds > 0 ? (totalResponses - lastResponses) / seconds : 0;
    lastNanos = nowNanos;
    lastResponses = totalResponses;
    var latency = recorder.latency();
    String percentiles = warmingUp || latency.getTotalCount() == 0 ? "p50=- p99=-"
        : String.format(Locale.ROOT, "p50=%.1fms p99=%.1fms",
            latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0);
    String line = String.format(Locale.ROOT, "[%s] %5.1fs %s sent=%d rate=%.0f/s %s errors=%d timeouts=%d inflight=%d",
        scenario, (nowNanos - startNanos) / 1e9, warmingUp ? "warmup " : "", sent, rate, percentiles,
        recorder.errors(), recorder.timeouts(), inFlight);
    if (inPlace) {
      out.print("\r" + line + "\u001b[K");
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Ends an in-place line so the next output starts on its own line. */
  void finish() {
    if (out != null && inPlace) {
      out.println();
    }
  }
}

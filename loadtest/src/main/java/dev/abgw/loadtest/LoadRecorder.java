package dev.abgw.loadtest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Counts of one run. Confined to the generator's event loop, so it needs no locking.
 * Latencies go into an HdrHistogram in microseconds with 3 significant digits (values above one hour
 * are clamped to one hour, which the timeout bound makes unreachable in practice).
 */
final class LoadRecorder {

  static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

  private final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
  private final Map<Integer, Long> statusCounts = new TreeMap<>();
  private long responses;
  private long transportErrors;
  private long timeouts;
  private long hookFailures;
  private long bytesReceived;
  private long windowResponses;
  private String firstError;

  /** A measured response with its latency. */
  void response(int status, long latencyMicros) {
    responses++;
    statusCounts.merge(status, 1L, Long::sum);
    latency.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, latencyMicros)));
  }

  /** A measured response that completed inside the measurement window. */
  void responseInWindow() {
    windowResponses++;
  }

  void transportError(Throwable error) {
    transportErrors++;
    if (firstError == null) {
      firstError = error.getClass().getSimpleName() + ": " + error.getMessage();
    }
  }

  void timeout() {
    timeouts++;
  }

  void hookFailure(Throwable error) {
    hookFailures++;
    if (firstError == null) {
      firstError = "response hook threw " + error;
    }
  }

  void bytes(long n) {
    bytesReceived += n;
  }

  Histogram latency() {
    return latency;
  }

  long responses() {
    return responses;
  }

  long transportErrors() {
    return transportErrors;
  }

  long timeouts() {
    return timeouts;
  }

  /** Measured responses with status >= 400, plus transport errors and timeouts. */
  long errors() {
    long bad = 0;
    for (var e : statusCounts.entrySet()) {
      if (e.getKey() >= 400) {
        bad += e.getValue();
      }
    }
    return bad + transportErrors + timeouts;
  }

  long windowResponses() {
    return windowResponses;
  }

  LoadResult result(LoadConfig config, long requestsSent, long windowNanos) {
    double windowSeconds = windowNanos / 1e9;
    double achieved = windowSeconds > 0 ? windowResponses / windowSeconds : 0;
    return new LoadResult(config.scenario(), config.mode(),
        config.mode() == LoadMode.OPEN_LOOP ? config.targetRps() : 0, config.concurrency(), achieved,
        TimeUnit.NANOSECONDS.toMillis(windowNanos), requestsSent, responses, statusCounts, transportErrors,
        timeouts, hookFailures, bytesReceived, latency, firstError);
  }
}

package dev.abgw.loadtest;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Outcome of one load-generator run.
 *
 * <p>{@code achievedRps = measured responses completed inside the measurement window / window length},
 * where the window runs from the end of the warm-up until sending stopped. Responses to warm-up
 * requests are left out, so a backlog built during a cold start cannot inflate the figure above the
 * target; the price is a small, conservative bias of about {@code -latency / window} (the requests of
 * the window's last {@code latency} are still in flight when it closes). Latency
 * percentiles come from the HdrHistogram of measured responses (any status); in open loop each latency
 * runs from the request's intended send time, so queueing behind a stall is included.
 *
 * @param scenario scenario name
 * @param mode open or closed loop
 * @param targetRps open loop: target rate; closed loop: 0
 * @param concurrency closed loop: connections; open loop: unused
 * @param achievedRps responses per second over the measurement window
 * @param windowMillis length of the measurement window
 * @param requestsSent requests sent in total, warm-up included
 * @param responses measured HTTP responses (any status)
 * @param statusCounts measured responses per status code
 * @param transportErrors measured requests that failed without a response (connection refused, reset...)
 * @param timeouts measured requests with no complete response within the request timeout
 * @param hookFailures responses whose hook threw
 * @param bytesReceived response body bytes received (all requests)
 * @param latency latency histogram in microseconds (a copy is kept and handed out)
 * @param firstError first transport error or hook failure seen, or null
 */
public record LoadResult(
    String scenario,
    LoadMode mode,
    double targetRps,
    int concurrency,
    double achievedRps,
    long windowMillis,
    long requestsSent,
    long responses,
    Map<Integer, Long> statusCounts,
    long transportErrors,
    long timeouts,
    long hookFailures,
    long bytesReceived,
    Histogram latency,
    String firstError) {

  public LoadResult {
    statusCounts = Map.copyOf(statusCounts);
    latency = latency.copy();
  }

  /** A copy of the latency histogram (microseconds). */
  @Override
  public Histogram latency() {
    return latency.copy();
  }

  /** Responses with status >= 400, plus transport errors and timeouts. */
  public long errors() {
    long bad = transportErrors + timeouts;
    for (var e : statusCounts.entrySet()) {
      if (e.getKey() >= 400) {
        bad += e.getValue();
      }
    }
    return bad;
  }

  /** Latency at {@code percentile} (0..100) in milliseconds; 0 when nothing was recorded. */
  public double percentileMillis(double percentile) {
    return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1000.0;
  }

  /** Largest recorded latency in milliseconds. */
  public double maxMillis() {
    return latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1000.0;
  }

  /** Mean recorded latency in milliseconds. */
  public double meanMillis() {
    return latency.getTotalCount() == 0 ? 0 : latency.getMean() / 1000.0;
  }

  /** Target rate as shown in tables: the rate in open loop, {@code closed xN} in closed loop. */
  public String targetLabel() {
    return mode == LoadMode.OPEN_LOOP ? fmt(targetRps) : "closed x" + concurrency;
  }

  /** All fields as JSON, the histogram as base64 of its compressed HdrHistogram encoding. */
  public JsonObject toJson() {
    JsonObject status = new JsonObject();
    new TreeMap<>(statusCounts).forEach((code, n) -> status.put(Integer.toString(code), n));
    ByteBuffer buffer = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
    int length = latency.encodeIntoCompressedByteBuffer(buffer);
    byte[] encoded = new byte[length];
    buffer.flip();
    buffer.get(encoded);
    return new JsonObject()
        .put("scenario", scenario)
        .put("mode", mode.name())
        .put("targetRps", targetRps)
        .put("concurrency", concurrency)
        .put("achievedRps", achievedRps)
        .put("windowMillis", windowMillis)
        .put("requestsSent", requestsSent)
        .put("responses", responses)
        .put("statusCounts", status)
        .put("transportErrors", transportErrors)
        .put("timeouts", timeouts)
        .put("errors", errors())
        .put("hookFailures", hookFailures)
        .put("bytesReceived", bytesReceived)
        .put("latencyMillis", new JsonObject()
            .put("p50", percentileMillis(50))
            .put("p90", percentileMillis(90))
            .put("p99", percentileMillis(99))
            .put("p999", percentileMillis(99.9))
            .put("max", maxMillis())
            .put("mean", meanMillis()))
        .put("latencyHistogramMicros", Base64.getEncoder().encodeToString(encoded))
        .put("firstError", firstError);
  }

  /** Header and separator rows matching {@link #toMarkdownRow()}. */
  public static String markdownHeader() {
    return "| scenario | target rps | achieved rps | p50 | p90 | p99 | p99.9 | max (ms) | errors |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|";
  }

  /** One Markdown table row; latencies in milliseconds. */
  public String toMarkdownRow() {
    return "| " + scenario.replace("|", "\\|") + " | " + targetLabel() + " | " + fmt(achievedRps)
        + " | " + fmt(percentileMillis(50)) + " | " + fmt(percentileMillis(90))
        + " | " + fmt(percentileMillis(99)) + " | " + fmt(percentileMillis(99.9))
        + " | " + fmt(maxMillis()) + " | " + errors() + " |";
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
  }
}

package dev.abgw.agents;

import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import java.util.Map;

/**
 * The true quality of a simulated agent, in {@code [0, 1]}, which a {@link SimulatedJudge} turns
 * into noisy judgments. Quality for a request is {@code clamp(base + offsets[segment], 0, 1)}, where
 * the segment is the string found at {@code segmentPointer} (a JSON Pointer, RFC 6901) in the request
 * body, by default {@code /metadata/task_type}; a request without it, or with an unknown segment, gets
 * {@code base}. This lets a scenario plant a variant that is better overall but worse on one segment.
 *
 * @param base quality for every request, in [0, 1]
 * @param segmentPointer JSON Pointer into the request body naming the segment
 * @param offsets additive offset per segment value, each in [-1, 1]
 */
public record QualityModel(double base, String segmentPointer, Map<String, Double> offsets) {

  /** Where the segment is read by default: the OpenAI request's {@code metadata.task_type}. */
  public static final String DEFAULT_SEGMENT_POINTER = "/metadata/task_type";

  public QualityModel {
    if (!(base >= 0 && base <= 1)) {
      throw new IllegalArgumentException("quality.base must be between 0 and 1 (was " + base + ")");
    }
    if (segmentPointer == null || !(segmentPointer.isEmpty() || segmentPointer.startsWith("/"))) {
      throw new IllegalArgumentException(
          "quality.segmentPointer must be a JSON Pointer starting with '/' (was " + segmentPointer + ")");
    }
    offsets = Map.copyOf(offsets);
    offsets.forEach((segment, offset) -> {
      if (!(offset >= -1 && offset <= 1)) {
        throw new IllegalArgumentException(
            "quality.offsets[" + segment + "] must be between -1 and 1 (was " + offset + ")");
      }
    });
  }

  /** Quality {@code base} for every request. */
  public static QualityModel of(double base) {
    return new QualityModel(base, DEFAULT_SEGMENT_POINTER, Map.of());
  }

  /** Quality {@code base} plus the given per-segment offsets, segment read from {@code /metadata/task_type}. */
  public static QualityModel of(double base, Map<String, Double> offsets) {
    return new QualityModel(base, DEFAULT_SEGMENT_POINTER, offsets);
  }

  /** The same model with another offset for {@code segment}. */
  public QualityModel withOffset(String segment, double offset) {
    var copy = new java.util.HashMap<>(offsets);
    copy.put(segment, offset);
    return new QualityModel(base, segmentPointer, copy);
  }

  /** The same model reading the segment at another JSON Pointer. */
  public QualityModel withSegmentPointer(String pointer) {
    return new QualityModel(base, pointer, offsets);
  }

  /** The segment value of a request body, or {@code null} when absent or not a scalar. */
  public String segmentOf(JsonObject body) {
    if (body == null || segmentPointer.isEmpty()) {
      return null;
    }
    Object value = JsonPointer.from(segmentPointer).queryJson(body);
    return value instanceof String || value instanceof Number || value instanceof Boolean ? value.toString() : null;
  }

  /** {@code clamp(base + offsets[segment], 0, 1)} for this request body. */
  public double qualityFor(JsonObject body) {
    String segment = segmentOf(body);
    double offset = segment == null ? 0 : offsets.getOrDefault(segment, 0.0);
    return Math.max(0, Math.min(1, base + offset));
  }
}

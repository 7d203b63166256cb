package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the raw segment values of one exchange. Values are trimmed and cut to {@value #MAX_VALUE_CHARS} chars but
 * otherwise kept as given (no lower-casing). A dimension whose value is missing, blank or not a scalar is left out
 * of the map; {@link CardinalityLimiter#limit(Map)} then labels it {@code "(none)"}, so merge the request and
 * response maps before limiting.
 *
 * <p>Labels: input length falls into the buckets of {@link SegmentDimension#bucketLabel(long)} ({@code "<200"},
 * {@code "200-999"}, {@code ">=4000"}); {@code statusClass} is {@code "2xx"}, {@code "4xx"}, {@code "5xx"}...;
 * {@code toolCalls} is {@code "0"}, {@code "1"}, {@code "2"} or {@code "3+"}; a body value is its text
 * ({@code true}, {@code 42}, {@code "refund"} as {@code refund}).
 */
public final class SegmentExtractor {

  public static final int MAX_VALUE_CHARS = 64;

  private SegmentExtractor() {}

  /** Values of the request-side dimensions: header, query, body, and inputLength with key {@code chars}. */
  public static Map<String, String> fromRequest(List<SegmentDimension> dims, RequestView req) {
    Map<String, String> out = new LinkedHashMap<>();
    for (SegmentDimension d : dims) {
      String v = null;
      switch (d.source()) {
        case HEADER:
          v = req.header(d.key());
          break;
        case QUERY:
          v = req.query(d.key());
          break;
        case BODY:
          v = scalarAt(req.body(), d.key());
          break;
        case INPUT_LENGTH:
          if (d.key().equals(SegmentDimension.CHARS) && req.inputChars() >= 0) {
            v = d.bucketLabel(req.inputChars());
          }
          break;
        default:
          break; // response-side
      }
      put(out, d.name(), v);
    }
    return Collections.unmodifiableMap(out);
  }

  /** Values of the response-side dimensions: response attributes, and inputLength with key {@code promptTokens}. */
  public static Map<String, String> fromResponse(List<SegmentDimension> dims, ResponseView resp) {
    Map<String, String> out = new LinkedHashMap<>();
    for (SegmentDimension d : dims) {
      String v = null;
      if (d.source() == SegmentSource.RESPONSE) {
        v = responseValue(d.key(), resp);
      } else if (d.source() == SegmentSource.INPUT_LENGTH && d.key().equals(SegmentDimension.PROMPT_TOKENS)) {
        Long tokens = resp.promptTokens();
        v = tokens == null || tokens < 0 ? null : d.bucketLabel(tokens);
      }
      put(out, d.name(), v);
    }
    return Collections.unmodifiableMap(out);
  }

  /** {@code "2xx"} for 200..299 and so on. */
  static String statusClass(int status) {
    return status >= 100 && status <= 599 ? (status / 100) + "xx" : null;
  }

  /** {@code "0"}, {@code "1"}, {@code "2"} or {@code "3+"}. */
  static String toolCallsLabel(int toolCalls) {
    return toolCalls >= 3 ? "3+" : Integer.toString(Math.max(0, toolCalls));
  }

  private static String responseValue(String key, ResponseView resp) {
    switch (key) {
      case SegmentDimension.FINISH_REASON:
        return resp.finishReason();
      case SegmentDimension.TOOL_CALLS:
        return toolCallsLabel(resp.toolCalls());
      case SegmentDimension.STATUS_CLASS:
        return statusClass(resp.status());
      case SegmentDimension.SERVED_BY:
        return resp.servedBy();
      default:
        throw new IllegalArgumentException("unknown response key " + key);
    }
  }

  private static String scalarAt(JsonNode body, String pointer) {
    if (body == null) {
      return null;
    }
    JsonNode v = body.at(pointer);
    return v.isValueNode() && !v.isNull() ? v.asText() : null;
  }

  private static void put(Map<String, String> out, String name, String raw) {
    String v = clean(raw);
    if (v != null) {
      out.put(name, v);
    }
  }

  /** Trimmed and cut to {@value #MAX_VALUE_CHARS} chars (never splitting a surrogate pair); {@code null} if blank. */
  static String clean(String raw) {
    if (raw == null) {
      return null;
    }
    String v = raw.strip();
    if (v.isEmpty()) {
      return null;
    }
    if (v.length() > MAX_VALUE_CHARS) {
      int end = Character.isHighSurrogate(v.charAt(MAX_VALUE_CHARS - 1)) ? MAX_VALUE_CHARS - 1 : MAX_VALUE_CHARS;
      v = v.substring(0, end);
    }
    return v;
  }
}

package dev.abgw.experiments;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A dimension along which results are broken down (task type, language, input size, ...).
 *
 * <p>The {@code key} depends on the source: a header name ({@code HEADER}), a query parameter ({@code QUERY}),
 * an RFC 6901 JSON pointer into the request body ({@code BODY}), {@value #CHARS} or {@value #PROMPT_TOKENS}
 * ({@code INPUT_LENGTH}), or {@value #FINISH_REASON}, {@value #TOOL_CALLS} or {@value #STATUS_CLASS}
 * ({@code RESPONSE}).
 *
 * @param name unique within the experiment, {@code ^[a-z0-9_]{1,64}$}
 * @param source where the value comes from
 * @param key what to read at that source (see above)
 * @param buckets {@code INPUT_LENGTH} only: 1..20 strictly increasing positive whole numbers; empty otherwise
 * @param maxValues how many distinct values are kept before further ones become {@code "other"}, 1..1000
 */
public record SegmentDimension(String name, SegmentSource source, String key, List<Double> buckets, int maxValues) {

  public static final String CHARS = "chars";
  public static final String PROMPT_TOKENS = "promptTokens";
  public static final String FINISH_REASON = "finishReason";
  public static final String TOOL_CALLS = "toolCalls";
  public static final String STATUS_CLASS = "statusClass";
  public static final int DEFAULT_MAX_VALUES = 20;
  public static final int MAX_MAX_VALUES = 1000;
  public static final int MAX_BUCKETS = 20;

  static final Pattern NAME = Pattern.compile("^[a-z0-9_]{1,64}$");
  static final List<String> INPUT_LENGTH_KEYS = List.of(CHARS, PROMPT_TOKENS);
  /** Which variant served the answer (or {@code static}); an "as served" breakdown, not randomized. */
  public static final String SERVED_BY = "servedBy";
  static final List<String> RESPONSE_KEYS = List.of(FINISH_REASON, TOOL_CALLS, STATUS_CLASS, SERVED_BY);
  private static final Set<SegmentSource> REQUEST_SIDE = Set.of(SegmentSource.HEADER, SegmentSource.QUERY, SegmentSource.BODY);

  public SegmentDimension {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(key, "key");
    buckets = buckets == null ? List.of() : List.copyOf(buckets);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must match " + NAME.pattern() + " (was \"" + name + "\")");
    }
    String keyProblem = keyProblem(source, key);
    if (keyProblem != null) {
      throw new IllegalArgumentException("key " + keyProblem + " (was \"" + key + "\")");
    }
    if (source == SegmentSource.INPUT_LENGTH) {
      if (buckets.isEmpty() || buckets.size() > MAX_BUCKETS) {
        throw new IllegalArgumentException("buckets must have 1 to " + MAX_BUCKETS + " bounds (was " + buckets.size() + ")");
      }
      for (int i = 0; i < buckets.size(); i++) {
        double b = buckets.get(i);
        if (!Numbers.isWhole(b) || b <= 0 || (i > 0 && b <= buckets.get(i - 1))) {
          throw new IllegalArgumentException("buckets must be strictly increasing positive whole numbers (was " + buckets + ")");
        }
      }
    } else if (!buckets.isEmpty()) {
      throw new IllegalArgumentException("buckets are only allowed for source inputLength (source is " + source.json() + ")");
    }
    if (maxValues < 1 || maxValues > MAX_MAX_VALUES) {
      throw new IllegalArgumentException("maxValues must be between 1 and " + MAX_MAX_VALUES + " (was " + maxValues + ")");
    }
  }

  /** A dimension with the default {@code maxValues} and no buckets. */
  public static SegmentDimension of(String name, SegmentSource source, String key) {
    return new SegmentDimension(name, source, key, List.of(), DEFAULT_MAX_VALUES);
  }

  /** An input-length dimension ({@code key} {@value #CHARS} or {@value #PROMPT_TOKENS}) with bucket bounds. */
  public static SegmentDimension inputLength(String name, String key, List<Double> buckets) {
    return new SegmentDimension(name, SegmentSource.INPUT_LENGTH, key, buckets, DEFAULT_MAX_VALUES);
  }

  /** Whether the value is known when the request arrives (header, query, body, input length in chars). */
  public boolean requestSide() {
    return REQUEST_SIDE.contains(source) || (source == SegmentSource.INPUT_LENGTH && key.equals(CHARS));
  }

  /**
   * The label of the bucket {@code length} falls in. With bounds {@code [200, 1000, 4000]} the labels are
   * {@code "<200"}, {@code "200-999"}, {@code "1000-3999"} and {@code ">=4000"}: each bound starts a bucket, and
   * a bucket holding a single length is labelled by that length alone ({@code "7"}).
   */
  public String bucketLabel(long length) {
    if (buckets.isEmpty()) {
      throw new IllegalStateException("dimension " + name + " has no buckets (source " + source.json() + ")");
    }
    long first = buckets.get(0).longValue();
    if (length < first) {
      return "<" + first;
    }
    for (int i = 1; i < buckets.size(); i++) {
      long hi = buckets.get(i).longValue();
      if (length < hi) {
        long lo = buckets.get(i - 1).longValue();
        return lo == hi - 1 ? Long.toString(lo) : lo + "-" + (hi - 1);
      }
    }
    return ">=" + buckets.get(buckets.size() - 1).longValue();
  }

  /** Why {@code key} does not fit {@code source}, or {@code null} if it does. */
  static String keyProblem(SegmentSource source, String key) {
    switch (source) {
      case HEADER:
        return HttpTokens.isToken(key) ? null : "must be a header name (letters, digits and !#$%&'*+-.^_`|~)";
      case QUERY:
        return key.isEmpty() ? "must be a query parameter name" : null;
      case BODY:
        return JsonPointers.isValid(key) ? null : "must be a JSON pointer starting with \"/\" (RFC 6901)";
      case INPUT_LENGTH:
        return INPUT_LENGTH_KEYS.contains(key) ? null : "must be one of " + String.join(", ", INPUT_LENGTH_KEYS) + " for source inputLength";
      case RESPONSE:
        return RESPONSE_KEYS.contains(key) ? null : "must be one of " + String.join(", ", RESPONSE_KEYS) + " for source response";
      default:
        throw new AssertionError(source);
    }
  }
}

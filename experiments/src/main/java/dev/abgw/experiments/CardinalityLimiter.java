package dev.abgw.experiments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps segment cardinality bounded so one dimension with free-form values cannot blow up storage or the
 * report. Per dimension the first {@code headroom x maxValues} distinct values seen are admitted for the life
 * of this limiter; any later new value becomes {@value #OTHER}. A missing value becomes {@value #NONE}.
 * The headroom lets the report keep the top {@code maxValues} values by traffic and fold the rest into
 * {@value #OTHER} (values that are frequent but arrive late still get their own cell). Thread-safe;
 * values already admitted are served without locking.
 */
public final class CardinalityLimiter {

  public static final String OTHER = "other";
  public static final String NONE = "(none)";

  private final List<SegmentDimension> dims;
  private final Map<String, Admitted> admitted = new LinkedHashMap<>();

  public CardinalityLimiter(List<SegmentDimension> dims) {
    this(dims, 1);
  }

  /** @param headroom how many times {@code maxValues} distinct values each dimension may store, >= 1 */
  public CardinalityLimiter(List<SegmentDimension> dims, int headroom) {
    if (headroom < 1) throw new IllegalArgumentException("headroom must be >= 1 (was " + headroom + ")");
    this.dims = List.copyOf(dims);
    for (SegmentDimension d : this.dims) {
      admitted.put(d.name(), new Admitted(d.maxValues() * headroom));
    }
  }

  /**
   * Limits one exchange's raw values (request and response maps merged).
   *
   * @return one entry per dimension, in definition order: the admitted value, {@value #OTHER} or {@value #NONE};
   *     keys that are not dimensions are dropped
   */
  public Map<String, String> limit(Map<String, String> raw) {
    Map<String, String> out = new LinkedHashMap<>();
    for (SegmentDimension d : dims) {
      String v = raw.get(d.name());
      out.put(d.name(), v == null ? NONE : admitted.get(d.name()).admit(v));
    }
    return Collections.unmodifiableMap(out);
  }

  /** Number of distinct values admitted so far for dimension {@code name} (0 for an unknown name). */
  public int admittedCount(String name) {
    Admitted a = admitted.get(name);
    return a == null ? 0 : a.values.size();
  }

  private static final class Admitted {
    private final int max;
    private final Set<String> values = ConcurrentHashMap.newKeySet();

    Admitted(int max) {
      this.max = max;
    }

    String admit(String v) {
      if (values.contains(v)) {
        return v;
      }
      synchronized (this) {
        if (values.contains(v)) {
          return v;
        }
        if (values.size() < max) {
          values.add(v);
          return v;
        }
      }
      return OTHER;
    }
  }
}

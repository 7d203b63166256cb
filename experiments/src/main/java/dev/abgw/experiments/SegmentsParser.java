package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads and checks {@code /segments}. */
final class SegmentsParser {

  private SegmentsParser() {}

  /** The dimensions (empty when absent), or {@code null} when any has a mistake; every mistake is reported. */
  static List<SegmentDimension> segments(ObjectReader root) {
    List<JsonNode> items = root.array("segments", false);
    if (items == null) {
      return root.has("segments") ? null : List.of();
    }
    Problems problems = root.problems();
    int before = problems.count();
    String pointer = root.at("segments");
    if (items.size() > Experiment.MAX_SEGMENTS) {
      problems.add(pointer, "must have at most " + Experiment.MAX_SEGMENTS + " dimensions (was " + items.size() + ")");
    }
    NamedList list = new NamedList(pointer);
    List<SegmentDimension> dims = list.read(items, problems, (r, i) -> dimension(r, list, i));
    return problems.count() == before ? dims : null;
  }

  private static SegmentDimension dimension(ObjectReader r, NamedList list, int i) {
    Problems problems = r.problems();
    int before = problems.count();
    String name = list.name(r, i, SegmentDimension.NAME, "must be 1 to 64 lower-case letters, digits or '_'");
    SegmentSource source = r.choice("source", SegmentSource.class, true, null);
    String key = r.string("key", true);
    if (key != null && source != null) {
      String problem = SegmentDimension.keyProblem(source, key);
      if (problem != null) {
        problems.add(r.at("key"), problem + " (was " + JsonValues.quote(key) + ")");
      }
    }
    List<Double> buckets = buckets(r, source);
    int maxValues = maxValues(r);
    r.rejectUnknown();
    return problems.count() == before ? new SegmentDimension(name, source, key, buckets, maxValues) : null;
  }

  private static List<Double> buckets(ObjectReader r, SegmentSource source) {
    if (source == null) {
      r.raw("buckets");
      return List.of();
    }
    if (source != SegmentSource.INPUT_LENGTH) {
      r.forbid("buckets", "only allowed for source inputLength (source is " + source.json() + ")");
      return List.of();
    }
    List<JsonNode> items = r.array("buckets", true);
    if (items == null) {
      return List.of();
    }
    String pointer = r.at("buckets");
    if (items.isEmpty() || items.size() > SegmentDimension.MAX_BUCKETS) {
      r.problems().add(pointer, "must have 1 to " + SegmentDimension.MAX_BUCKETS + " bounds (was " + items.size() + ")");
    }
    List<Double> bounds = new ArrayList<>();
    Double previous = null;
    for (int i = 0; i < items.size(); i++) {
      JsonNode b = items.get(i);
      String at = JsonPointers.index(pointer, i);
      if (!b.isNumber() || !Numbers.isWhole(b.doubleValue()) || b.doubleValue() <= 0) {
        r.problems().add(at, "must be a positive whole number: lengths are counted in whole chars or tokens (was "
            + JsonValues.describe(b) + ")");
        continue;
      }
      double v = b.doubleValue();
      if (previous != null && v <= previous) {
        r.problems().add(at, "must be greater than the bound before it, " + Numbers.format(previous) + " (was "
            + JsonValues.describe(b) + ")");
      }
      previous = v;
      bounds.add(v);
    }
    return bounds;
  }

  private static int maxValues(ObjectReader r) {
    Long v = r.whole("maxValues", false);
    if (v == null) {
      return SegmentDimension.DEFAULT_MAX_VALUES;
    }
    if (v < 1 || v > SegmentDimension.MAX_MAX_VALUES) {
      r.problems().add(r.at("maxValues"), "must be between 1 and " + SegmentDimension.MAX_MAX_VALUES + " (was "
          + JsonValues.describe(r.raw("maxValues")) + ")");
      return SegmentDimension.DEFAULT_MAX_VALUES;
    }
    return v.intValue();
  }
}

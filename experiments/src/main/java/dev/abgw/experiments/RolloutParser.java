package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads and checks {@code /rollout}. */
final class RolloutParser {

  private RolloutParser() {}

  /** The ramp-up, {@code null} when absent or after reporting a mistake. */
  static RolloutSpec rollout(ObjectReader root) {
    ObjectReader r = root.object("rollout", false);
    if (r == null) {
      return null;
    }
    int before = r.problems().count();
    List<JsonNode> items = r.array("stages", true);
    r.rejectUnknown();
    if (items == null) {
      return null;
    }
    String pointer = r.at("stages");
    if (items.isEmpty() || items.size() > RolloutSpec.MAX_STAGES) {
      r.problems().add(pointer, "must have 1 to " + RolloutSpec.MAX_STAGES + " stages (was " + items.size() + ")");
    }
    List<RolloutStage> stages = new ArrayList<>();
    double previous = 0;
    for (int i = 0; i < items.size(); i++) {
      ObjectReader s = ObjectReader.of(items.get(i), JsonPointers.index(pointer, i), r.problems());
      if (s == null) {
        continue;
      }
      Double allocation = s.number("allocation", true);
      if (allocation != null && !(allocation > 0 && allocation <= 1)) {
        s.problems().add(s.at("allocation"), "must be > 0 and <= 1 (was " + JsonValues.describe(s.raw("allocation")) + ")");
      } else if (allocation != null && !(allocation > previous)) {
        s.problems().add(s.at("allocation"), "must be larger than the previous stage's " + Numbers.format(previous)
            + ", stages only grow (was " + Numbers.format(allocation) + ")");
      }
      Long minUnits = s.whole("minUnits", false);
      if (minUnits != null && minUnits < 0) {
        s.problems().add(s.at("minUnits"), "must be >= 0 (was " + minUnits + ")");
      }
      Double minMinutes = s.number("minMinutes", false);
      if (minMinutes != null && minMinutes < 0) {
        s.problems().add(s.at("minMinutes"), "must be >= 0 (was " + Numbers.format(minMinutes) + ")");
      }
      s.rejectUnknown();
      if (allocation != null) {
        previous = Math.max(previous, allocation);
      }
      if (r.problems().count() == before) {
        stages.add(new RolloutStage(allocation, minUnits == null ? 0 : minUnits, minMinutes == null ? 0 : minMinutes));
      }
    }
    if (root.raw("monitor") == null) {
      r.problems().add(r.pointer(), "needs \"monitor\": stages advance only while the monitor sees the guardrails hold");
    }
    if (root.raw("allocation") != null) {
      root.problems().add(root.at("allocation"), "is set by rollout.stages (the first stage's allocation); remove it");
    }
    return r.problems().count() == before ? new RolloutSpec(stages) : null;
  }
}

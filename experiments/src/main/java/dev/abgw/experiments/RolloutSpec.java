package dev.abgw.experiments;

import java.util.List;

/**
 * A staged ramp-up ({@code rollout.stages}): the experiment starts at the first stage's allocation and
 * the monitor moves it to the next one while the guardrails hold ({@link RolloutRule}). Allocations
 * strictly increase, so a unit that entered keeps its arm as the allocation grows (inclusion and arm
 * use independent hashes, see {@link Assigner}).
 */
public record RolloutSpec(List<RolloutStage> stages) {

  public static final int MAX_STAGES = 10;

  public RolloutSpec {
    stages = List.copyOf(stages);
    if (stages.isEmpty() || stages.size() > MAX_STAGES) {
      throw new IllegalArgumentException("rollout.stages must have 1 to " + MAX_STAGES + " stages (was "
          + stages.size() + ")");
    }
    for (int i = 1; i < stages.size(); i++) {
      if (!(stages.get(i).allocation() > stages.get(i - 1).allocation())) {
        throw new IllegalArgumentException("rollout.stages allocations must increase (stage " + i + ": "
            + stages.get(i).allocation() + " after " + stages.get(i - 1).allocation() + ")");
      }
    }
  }

  public RolloutStage stage(int index) {
    return stages.get(index);
  }

  public int last() {
    return stages.size() - 1;
  }
}

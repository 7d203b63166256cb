package dev.abgw.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.experiments.Experiment;
import dev.abgw.analysis.TestExperiments;
import dev.abgw.analysis.cell.ArmCounts;
import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.analysis.cell.StatKey;
import dev.abgw.stats.RatioStats;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentFoldingTest {
  private static final Experiment E = TestExperiments.twoArmsWithLatency("fold",
      ", \"segments\": [{\"name\": \"task\", \"source\": \"header\", \"key\": \"X-Task\", \"maxValues\": 2}]");

  private static RatioStats requests(int n) {
    return RatioStats.of(n, n * 10.0, n * 100.0, n, n, n * 10.0);
  }

  @Test
  void keeps_the_top_values_by_traffic_and_folds_the_rest_into_other() {
    Map<StatKey, RatioStats> stats = new HashMap<>();
    // "late" arrived last but has the most traffic; "rare1" and "rare2" have the least.
    Map<String, Integer> traffic = Map.of("early", 30, "late", 90, "rare1", 5, "rare2", 7, "(none)", 2);
    for (String variant : new String[] {"a", "b"}) {
      stats.put(StatKey.overall(variant, "latency"), requests(134));
      traffic.forEach((value, n) -> stats.put(StatKey.segment(variant, "latency", "task", value), requests(n)));
    }
    Snapshot folded = SegmentFolding.fold(E, new Snapshot(Map.of("a", new ArmCounts(134, 134)), stats, Map.of()));
    assertThat(folded.stats().keySet()).filteredOn(k -> "a".equals(k.variant()) && !k.isOverall())
        .extracting(StatKey::segment).containsExactlyInAnyOrder("late", "early", "other", "(none)");
    RatioStats other = folded.stats().get(StatKey.segment("a", "latency", "task", "other"));
    assertThat(other).isEqualTo(requests(5).plus(requests(7)));
    assertThat(folded.stats().get(StatKey.overall("b", "latency"))).isEqualTo(requests(134));
  }

  @Test
  void leaves_a_snapshot_within_the_limit_untouched() {
    Map<StatKey, RatioStats> stats = Map.of(StatKey.segment("a", "latency", "task", "x"), requests(3),
        StatKey.segment("a", "latency", "task", "y"), requests(4));
    Snapshot s = new Snapshot(Map.of(), stats, Map.of());
    assertThat(SegmentFolding.fold(E, s)).isSameAs(s);
  }
}

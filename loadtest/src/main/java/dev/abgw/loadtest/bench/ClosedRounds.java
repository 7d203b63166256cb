package dev.abgw.loadtest.bench;

import dev.abgw.loadtest.LoadResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The summary of a proxy comparison, one row per path: closed-loop throughput of every round, its median,
 * the median over rounds of the ratio to nginx's throughput in the same round (to the first proxy when
 * there is no nginx), the median closed-loop p99, and the median added p99 over the open-loop runs at the
 * rate nearest 2,000 rps.
 */
final class ClosedRounds {

  private ClosedRounds() {}

  static String summary(Map<String, List<LoadResult>> byPath, List<Long> rates, int openRuns) {
    List<String> names = new ArrayList<>(byPath.keySet());
    String direct = names.get(0);
    String reference = byPath.containsKey("nginx") ? "nginx" : names.size() > 1 ? names.get(1) : direct;
    long near = rates.stream().min((a, b) -> Long.compare(Math.abs(a - 2000), Math.abs(b - 2000))).orElse(0L);
    int rounds = byPath.get(direct).size() - openRuns;
    StringBuilder md = new StringBuilder("| path | closed-loop rps by round | median rps | x " + reference
        + " (median of rounds) | closed-loop p99 ms (median) | added p99 ms at " + near + " rps (median) |\n"
        + "|---|---|---:|---:|---:|---:|\n");
    for (String name : names) {
      List<LoadResult> runs = byPath.get(name);
      List<Double> rps = new ArrayList<>();
      List<Double> ratio = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      for (int k = 0; k < rounds; k++) {
        LoadResult r = runs.get(openRuns + k);
        rps.add(r.achievedRps());
        p99.add(r.percentileMillis(99));
        ratio.add(r.achievedRps() / byPath.get(reference).get(openRuns + k).achievedRps());
      }
      List<Double> added = new ArrayList<>();
      for (int i = 0; i < openRuns; i++) {
        if (rates.get(i) == near && !name.equals(direct)) {
          added.add(runs.get(i).percentileMillis(99) - byPath.get(direct).get(i).percentileMillis(99));
        }
      }
      md.append("| ").append(name).append(" | ").append(String.join(" / ", rps.stream().map(Fmt::num).toList()))
          .append(" | ").append(Fmt.num(median(rps))).append(" | ").append(Fmt.num(median(ratio))).append(" | ")
          .append(Fmt.num(median(p99))).append(" | ").append(added.isEmpty() ? "-" : Fmt.num(median(added)))
          .append(" |\n");
    }
    return md.toString();
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) return Double.NaN;
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}

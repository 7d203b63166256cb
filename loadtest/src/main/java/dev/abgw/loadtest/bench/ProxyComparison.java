package dev.abgw.loadtest.bench;

import dev.abgw.loadtest.LoadResult;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same load against several paths to one backend ({@code direct} first), rate by rate, then closed
 * loop, after an unrecorded closed-loop warm-up of each path. Paths alternate within each rate so drift of a shared machine hits them alike. Added latency of
 * a path at a percentile is {@code p(path) - p(direct)} at the same rate.
 */
final class ProxyComparison {

  private ProxyComparison() {}

  static BenchReport run(Vertx vertx, String scenario, Map<String, Integer> paths, List<Long> rates,
      long warmupMillis, long durationMillis, int concurrency) {
    return run(vertx, scenario, paths, rates, warmupMillis, durationMillis, concurrency, 1);
  }

  /**
   * As above, with {@code closedRounds} closed-loop rounds (wrk-style: {@code concurrency} connections, each
   * sending its next request when the last answer arrived, for {@code durationMillis}), every round visiting
   * every path in turn, so that a ratio between two paths is taken within one round.
   */
  static BenchReport run(Vertx vertx, String scenario, Map<String, Integer> paths, List<Long> rates,
      long warmupMillis, long durationMillis, int concurrency, int closedRounds) {
    Map<String, List<LoadResult>> byPath = new LinkedHashMap<>();
    paths.keySet().forEach(p -> byPath.put(p, new ArrayList<>()));
    // JIT warm-up of every path (client, backend, proxies) before anything is recorded.
    paths.forEach((label, port) -> LoadRuns.closedLoop(vertx, label + " jit-warmup", port, concurrency, 0,
        Math.max(2_000, warmupMillis)));
    // Then an unrecorded open-loop pass at the first rate: the open loop spreads over more connections than
    // the closed loop, and a proxy in a fresh process (nginx, the gateway process) must open and warm those
    // too; without it the first recorded rate of such a path measured its start-up (p99 above 1 s).
    paths.forEach((label, port) -> LoadRuns.openLoop(vertx, label + " open-warmup", port, rates.get(0), 0,
        Math.max(3_000, warmupMillis)));
    for (long rps : rates) {
      paths.forEach((label, port) -> byPath.get(label).add(
          LoadRuns.openLoop(vertx, label + " @" + rps, port, rps, warmupMillis, durationMillis)));
    }
    for (int round = 1; round <= closedRounds; round++) {
      String suffix = closedRounds == 1 ? "" : " #" + round;
      paths.forEach((label, port) -> byPath.get(label).add(
          LoadRuns.closedLoop(vertx, label + " closed" + suffix, port, concurrency, warmupMillis, durationMillis)));
    }
    BenchReport r = report(scenario, byPath, rates.size());
    if (closedRounds > 1 || paths.size() > 2) {
      return new BenchReport(scenario, r.markdown() + "\n" + ClosedRounds.summary(byPath, rates, rates.size()), r.json());
    }
    return r;
  }

  private static BenchReport report(String scenario, Map<String, List<LoadResult>> byPath, int openRuns) {
    StringBuilder md = new StringBuilder();
    md.append("| path | target rps | achieved rps | p50 ms | p99 ms | p99.9 ms | max ms | errors |"
        + " added p50 ms | added p99 ms | added p99.9 ms |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    List<LoadResult> direct = byPath.values().iterator().next();
    JsonArray runs = new JsonArray();
    int rows = direct.size();
    for (int i = 0; i < rows; i++) {
      for (var entry : byPath.entrySet()) {
        LoadResult r = entry.getValue().get(i);
        LoadResult d = direct.get(i);
        boolean isDirect = entry.getValue() == direct;
        String target = i >= openRuns && rows - openRuns > 1 ? r.targetLabel() + " #" + (i - openRuns + 1) : r.targetLabel();
        md.append("| ").append(entry.getKey()).append(" | ").append(target).append(" | ")
            .append(Fmt.num(r.achievedRps())).append(" | ").append(Fmt.num(r.percentileMillis(50))).append(" | ")
            .append(Fmt.num(r.percentileMillis(99))).append(" | ").append(Fmt.num(r.percentileMillis(99.9)))
            .append(" | ").append(Fmt.num(r.maxMillis())).append(" | ").append(r.errors()).append(" | ");
        if (isDirect || i >= openRuns) {
          md.append("- | - | - |\n");
        } else {
          md.append(Fmt.num(r.percentileMillis(50) - d.percentileMillis(50))).append(" | ")
              .append(Fmt.num(r.percentileMillis(99) - d.percentileMillis(99))).append(" | ")
              .append(Fmt.num(r.percentileMillis(99.9) - d.percentileMillis(99.9))).append(" |\n");
        }
        JsonObject json = r.toJson().put("path", entry.getKey());
        json.remove("latencyHistogramMicros");
        if (!isDirect && i < openRuns) {
          json.put("addedMillis", new JsonObject()
              .put("p50", r.percentileMillis(50) - d.percentileMillis(50))
              .put("p99", r.percentileMillis(99) - d.percentileMillis(99))
              .put("p999", r.percentileMillis(99.9) - d.percentileMillis(99.9)));
        }
        runs.add(json);
      }
    }
    return new BenchReport(scenario, md.toString(), new JsonObject().put("runs", runs));
  }
}

package dev.abgw.loadtest.scenario;

import dev.abgw.agents.Judgment;
import dev.abgw.loadtest.ResponseHook;
import dev.abgw.loadtest.ResponseInfo;
import dev.abgw.agents.SimulatedJudge;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Keeps, per request number, the gateway's {@code X-Request-Id} and the serving agent's
 * {@code X-Sim-Quality}, then turns them into judgments. The judge draws from (seed, request number), so
 * the judgments do not depend on the order responses arrived in.
 */
final class JudgedResponses implements ResponseHook {

  private final AtomicReferenceArray<String> requestIds;
  private final double[] quality;
  private final AtomicInteger count = new AtomicInteger();

  JudgedResponses(int requests) {
    requestIds = new AtomicReferenceArray<>(requests);
    quality = new double[requests];
  }

  @Override
  public void onResponse(ResponseInfo response) {
    if (response.status() != 200) {
      throw new IllegalStateException("request " + response.sequence() + " answered " + response.status());
    }
    int i = (int) response.sequence();
    quality[i] = SimulatedJudge.parseQuality(response.header("X-Sim-Quality"));
    // The atomic write publishes quality[i] to the thread that reads it after the run.
    requestIds.set(i, response.header("X-Request-Id"));
    count.incrementAndGet();
  }

  int count() {
    return count.get();
  }

  /** Judgments of requests {@code [from, to)} as a {@code POST /judgments} batch, metric {@code quality}. */
  JsonArray judgments(SimulatedJudge judge, int from, int to) {
    JsonArray batch = new JsonArray();
    for (int i = from; i < to; i++) {
      String requestId = requestIds.get(i);
      Judgment j = judge.judge(quality[i], Integer.toString(i));
      batch.add(new JsonObject().put("requestId", requestId).put("metric", "quality").put("value", j.score())
          .put("id", "judgment-" + i));
    }
    return batch;
  }
}

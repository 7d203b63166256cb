package dev.abgw.loadtest.scenario;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded traffic of the long-tail scenario: request {@code i} has a user, a task type and a language,
 * fixed by {@code (seed, i)}. Task type {@code rareTask} carries {@code rareShare} of requests; the other
 * task types share the rest equally; languages are uniform. Users are drawn from {@code users}, so a
 * user sends several requests with varying task types (the report clusters by user).
 */
record TrafficPlan(int requests, String[] users, String[] tasks, String[] langs) {

  static final List<String> TASK_TYPES =
      List.of("refund", "billing", "shipping", "account", "returns", "warranty", "product", "other");
  static final List<String> LANGS = List.of("en", "de", "fr");

  static TrafficPlan of(long seed, int requests, int users, String rareTask, double rareShare) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> common = TASK_TYPES.stream().filter(t -> !t.equals(rareTask)).toList();
    String[] u = new String[requests];
    String[] t = new String[requests];
    String[] l = new String[requests];
    for (int i = 0; i < requests; i++) {
      u[i] = "user-" + rng.nextInt(users);
      t[i] = rng.nextDouble() < rareShare ? rareTask : common.get(rng.nextInt(common.size()));
      l[i] = LANGS.get(rng.nextInt(LANGS.size()));
    }
    return new TrafficPlan(requests, u, t, l);
  }

  /** OpenAI chat body of request {@code i}: unit at {@code /user}, task at {@code /metadata/task_type}. */
  byte[] body(long i) {
    int k = (int) i;
    JsonObject body = new JsonObject()
        .put("model", "sim")
        .put("user", users[k])
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "help " + k)))
        .put("metadata", new JsonObject().put("task_type", tasks[k]));
    return body.encode().getBytes(StandardCharsets.UTF_8);
  }

  long count(String task) {
    long n = 0;
    for (String t : tasks) {
      if (t.equals(task)) {
        n++;
      }
    }
    return n;
  }
}

package dev.abgw.gateway.monitor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ControlStore} for one gateway instance: in memory, every change appended to
 * {@code DATA/control.ndjson} (a history line, a stop line or a stage line; the last stage line wins) and replayed at start. A line cut short
 * by a crash is skipped. File writes run on a worker thread, in order, never on an event loop.
 */
public final class EmbeddedControlStore implements ControlStore {
  private final Vertx vertx;
  private final Path file;
  private final Map<String, List<HistoryEvent>> history = new ConcurrentHashMap<>();
  private final Map<String, Map<String, JsonObject>> stopped = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> stages = new ConcurrentHashMap<>();

  private EmbeddedControlStore(Vertx vertx, Path file) {
    this.vertx = vertx;
    this.file = file;
  }

  public static Future<ControlStore> open(Vertx vertx, Path dataDir) {
    EmbeddedControlStore store = new EmbeddedControlStore(vertx, dataDir.resolve("control.ndjson"));
    return vertx.executeBlocking(() -> {
      store.replay();
      return (ControlStore) store;
    });
  }

  private void replay() throws IOException {
    if (!Files.exists(file)) return;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      JsonObject o;
      try {
        o = new JsonObject(line);
      } catch (RuntimeException cutShort) {
        continue;
      }
      if (o.containsKey("stage")) {
        JsonObject st = o.getJsonObject("stage");
        stages.put(st.getString("experiment"), st.getJsonObject("state"));
      } else if (o.containsKey("stop")) {
        JsonObject s = o.getJsonObject("stop");
        stoppedOf(s.getString("experiment")).putIfAbsent(s.getString("variant"), s.getJsonObject("evidence"));
      } else {
        HistoryEvent e = HistoryEvent.fromJson(line);
        historyOf(e.experiment()).add(e);
      }
    }
  }

  private List<HistoryEvent> historyOf(String experiment) {
    return history.computeIfAbsent(experiment, k -> java.util.Collections.synchronizedList(new ArrayList<>()));
  }

  private Map<String, JsonObject> stoppedOf(String experiment) {
    return stopped.computeIfAbsent(experiment, k -> new ConcurrentHashMap<>());
  }

  @Override
  public Future<Map<String, JsonObject>> stopped(String experiment) {
    return Future.succeededFuture(new LinkedHashMap<>(stopped.getOrDefault(experiment, Map.of())));
  }

  @Override
  public Future<Boolean> stop(String experiment, String variant, JsonObject evidence) {
    if (stoppedOf(experiment).putIfAbsent(variant, evidence.copy()) != null) return Future.succeededFuture(false);
    JsonObject line = new JsonObject().put("stop", new JsonObject().put("experiment", experiment)
        .put("variant", variant).put("evidence", evidence));
    return appendLine(line.encode()).map(v -> true);
  }

  @Override
  public Future<java.util.Optional<JsonObject>> stage(String experiment) {
    JsonObject st = stages.get(experiment);
    return Future.succeededFuture(java.util.Optional.ofNullable(st == null ? null : st.copy()));
  }

  @Override
  public Future<Void> putStage(String experiment, JsonObject state) {
    stages.put(experiment, state.copy());
    return appendLine(new JsonObject().put("stage", new JsonObject().put("experiment", experiment).put("state", state))
        .encode());
  }

  @Override
  public Future<Void> append(HistoryEvent event) {
    historyOf(event.experiment()).add(event);
    return appendLine(event.toJson().encode());
  }

  @Override
  public Future<List<HistoryEvent>> history(String experiment) {
    List<HistoryEvent> events = history.get(experiment);
    if (events == null) return Future.succeededFuture(List.of());
    synchronized (events) {
      return Future.succeededFuture(List.copyOf(events));
    }
  }

  /** One instance: the lease is always this instance's. */
  @Override
  public Future<Boolean> lease(String name, String owner, long ttlMillis) {
    return Future.succeededFuture(true);
  }

  private Future<Void> appendLine(String line) {
    return vertx.executeBlocking(() -> {
      try {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to " + file, e);
      }
      return null;
    }, true);
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}

package dev.abgw.gateway.monitor;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/** Records changes of experiments in the {@link ControlStore}, with the definition's version. */
public final class History {
  /** Actor of changes read from the experiments directory. */
  public static final String FILE = "file";
  /** Actor of automatic rollbacks. */
  public static final String MONITOR = "monitor";

  private final ControlStore store;
  private final Clock clock;

  public History(ControlStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public ControlStore store() {
    return store;
  }

  public Future<Void> record(Experiment e, String actor, HistoryAction action) {
    return record(e, actor, action, null, null);
  }

  public Future<Void> record(Experiment e, String actor, HistoryAction action, String variant, JsonObject evidence) {
    return store.append(new HistoryEvent(e.id(), clock.instant(), actor, action, version(e), variant, evidence));
  }

  /** The definition's version: the first 12 hex digits of SHA-256 over its canonical JSON. */
  public static String version(Experiment e) {
    return digest(ExperimentJson.toJson(e)).substring(0, 12);
  }

  /** SHA-256 of {@code text}, as hex. */
  private static String digest(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}

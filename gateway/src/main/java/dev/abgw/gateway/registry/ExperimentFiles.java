package dev.abgw.gateway.registry;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;
import dev.abgw.experiments.ValidationError;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Loads experiment definitions from a directory of {@code *.json} files and reloads a file when it
 * changes (polled once a second: portable and cheap). An invalid file is refused with all its errors,
 * reported through {@code problems}, and the version already served keeps serving.
 */
public final class ExperimentFiles {
  private final Path dir;
  private final Consumer<Experiment> accept;
  private final Consumer<String> problems;
  private final Map<Path, Long> seen = new HashMap<>();

  public ExperimentFiles(Path dir, Consumer<Experiment> accept, Consumer<String> problems) {
    this.dir = dir;
    this.accept = accept;
    this.problems = problems;
  }

  /** Loads every file now; returns how many definitions were accepted. */
  public synchronized int scan() {
    int accepted = 0;
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json")).sorted()::iterator) {
        long modified = Files.getLastModifiedTime(p).toMillis() ^ Files.size(p);
        Long before = seen.put(p, modified);
        if (before != null && before == modified) continue;
        if (load(p)) accepted++;
      }
    } catch (IOException e) {
      problems.accept("cannot read experiments directory " + dir + ": " + e.getMessage());
    }
    return accepted;
  }

  private boolean load(Path p) throws IOException {
    ParseResult r = ExperimentParser.parse(Files.readString(p));
    if (r instanceof ParseResult.Valid v) {
      accept.accept(v.experiment());
      return true;
    }
    List<ValidationError> errors = ((ParseResult.Invalid) r).errors();
    StringBuilder msg = new StringBuilder(p + " refused (" + errors.size() + " problem(s); the previous version, if any, keeps serving):");
    for (ValidationError e : errors) msg.append("\n  ").append(e.message());
    problems.accept(msg.toString());
    return false;
  }

  /** Re-scans every second on a worker thread; returns the timer id. */
  public long watch(Vertx vertx) {
    return vertx.setPeriodic(1000, id -> vertx.executeBlocking(() -> scan()));
  }
}

package dev.abgw.loadtest.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code abgw bench <scenario> [--flag value ...]}: runs one benchmark scenario on 127.0.0.1, prints its
 * Markdown table and writes its JSON to {@code <out-dir>/<scenario>.json} (default {@code target/bench}).
 * {@code --help} lists scenarios and their flags. Exit 0 on success, 2 on a usage error, 1 on failure.
 */
public final class BenchMain {

  private static final Map<String, BenchScenario> SCENARIOS = new LinkedHashMap<>();

  static {
    for (BenchScenario s : List.of(new OverheadScenario(), new PeerScenario(), new StreamingScenario(),
        new IngestScenario(), new ReportScenario(), new AllocScenario(), new WarmupScenario(), new GcScenario())) {
      SCENARIOS.put(s.name(), s);
    }
  }

  private BenchMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.println(help());
      return args.length == 0 ? 2 : 0;
    }
    BenchScenario scenario = SCENARIOS.get(args[0]);
    if (scenario == null) {
      System.err.println("error: unknown scenario '" + args[0] + "' (known: " + SCENARIOS.keySet() + ")");
      return 2;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    if (rest.contains("--help")) {
      System.out.println(help());
      return 0;
    }
    BenchFlags flags;
    try {
      flags = BenchFlags.parse(rest, scenario.flags().keySet());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(10_000));
    try {
      BenchReport report = scenario.run(vertx, flags);
      report.json().put("scenario", scenario.name()).put("date", Instant.now().toString())
          .put("flags", new io.vertx.core.json.JsonObject(Map.copyOf(flags.asMap())))
          .put("cpus", Runtime.getRuntime().availableProcessors()).put("java", System.getProperty("java.version"));
      Path out = flags.path("out-dir", Path.of("target", "bench"));
      Files.createDirectories(out);
      Path file = out.resolve(scenario.name() + ".json");
      Files.writeString(file, report.json().encodePrettily());
      System.out.println(report.markdown());
      System.out.println("wrote " + file);
      return 0;
    } catch (IllegalArgumentException badFlag) {
      // Scenarios read and check their flags as they go (ranges, --paths): a usage error, not a crash.
      System.err.println("error: " + badFlag.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("error: " + scenario.name() + " failed: " + e);
      e.printStackTrace();
      return 1;
    } finally {
      Blocking.await(vertx.close());
    }
  }

  static String help() {
    StringBuilder out = new StringBuilder("usage: abgw bench <scenario> [--flag value ...]\n\n"
        + "Runs on 127.0.0.1 only, bounded in requests and time; prints a Markdown table and writes\n"
        + "<out-dir>/<scenario>.json.\n\nscenarios:\n");
    SCENARIOS.values().forEach(s -> {
      out.append("  ").append(s.name()).append(": ").append(s.description()).append('\n');
      s.flags().forEach((flag, help) -> out.append("      --").append(flag).append("  ").append(help).append('\n'));
    });
    return out.toString();
  }
}

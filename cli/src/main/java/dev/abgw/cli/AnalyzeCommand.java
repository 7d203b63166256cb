package dev.abgw.cli;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;
import dev.abgw.experiments.ValidationError;
import dev.abgw.analysis.report.OfflineAnalysis;
import dev.abgw.stats.report.ReportJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

/** {@code abgw analyze}: the report of an experiment recomputed from its exported raw events. */
public final class AnalyzeCommand {
  public static final String HELP = """
      Usage: abgw analyze --experiment FILE --events FILE

      Prints the report (the same JSON as GET /experiments/{id}/report) computed from an experiment definition
      and its raw events, the NDJSON of GET /experiments/{id}/export (format: docs/export-format.md).

        --experiment FILE   the experiment definition (JSON)
        --events FILE       the exported events (NDJSON); - reads standard input
      """;

  private AnalyzeCommand() {}

  public static int run(String[] args) throws IOException {
    Flags f = Flags.parse(args, Set.of("--experiment", "--events"), Set.of());
    if (!f.has("--experiment") || !f.has("--events")) throw new Flags.UsageException("--experiment and --events are required");
    Path defPath = Path.of(f.get("--experiment", null));
    String def;
    try {
      def = Files.readString(defPath);
    } catch (NoSuchFileException e) {
      throw new Flags.UsageException("--experiment: no such file " + defPath);
    }
    ParseResult parsed = ExperimentParser.parse(def);
    if (parsed instanceof ParseResult.Invalid inv) {
      System.err.println("abgw analyze: " + defPath + " is not a valid experiment:");
      for (ValidationError e : inv.errors()) System.err.println("  " + e.message());
      return 2;
    }
    Experiment e = ((ParseResult.Valid) parsed).experiment();
    String events = f.get("--events", null);
    OfflineAnalysis.Result r;
    try (BufferedReader in = "-".equals(events)
        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(Path.of(events), StandardCharsets.UTF_8)) {
      r = OfflineAnalysis.analyze(e, in, Clock.systemUTC());
    } catch (NoSuchFileException missing) {
      throw new Flags.UsageException("--events: no such file " + events);
    }
    if (!r.skipped().isEmpty()) {
      System.err.println("abgw analyze: skipped " + r.skipped().size() + " line(s); first: " + r.skipped().get(0));
    }
    System.out.println(ReportJson.toJson(r.report()));
    return 0;
  }
}

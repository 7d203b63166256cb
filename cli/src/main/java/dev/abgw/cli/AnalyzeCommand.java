package dev.abgw.cli;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;
import dev.abgw.experiments.ValidationError;
import dev.abgw.analysis.report.OfflineAnalysis;
import dev.abgw.analysis.report.SkippedLines;
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
        --timeseries-minute-hours N, --timeseries-max-hours N
                            the time-series bounds of abgw serve (default 6 and 2160); give the live gateway's
                            to get the same buckets as its report

      Each judgment gets the checks POST /judgments applies (metric, type, bounds); lines that fail them,
      or are not events of this experiment, are skipped and counted by reason on standard error.
      Exit status: 0 with the report; 1 when no line is usable (an empty file, or every line skipped) or the
      file cannot be read; 2 for a usage error or an invalid experiment definition.
      """;

  private AnalyzeCommand() {}

  public static int run(String[] args) throws IOException {
    Flags f = Flags.parse(args, Set.of("--experiment", "--events", "--timeseries-minute-hours",
        "--timeseries-max-hours"), Set.of());
    dev.abgw.analysis.cell.TimeSeriesBounds bounds = new dev.abgw.analysis.cell.TimeSeriesBounds(
        f.intValue("--timeseries-minute-hours", dev.abgw.analysis.cell.TimeSeriesBounds.DEFAULT.minuteHours(), 0, 48),
        f.intValue("--timeseries-max-hours", dev.abgw.analysis.cell.TimeSeriesBounds.DEFAULT.maxHourlyBuckets(), 1,
            24 * 366));
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
      r = OfflineAnalysis.analyze(e, in, Clock.systemUTC(), bounds);
    } catch (NoSuchFileException missing) {
      throw new Flags.UsageException("--events: no such file " + events);
    } catch (IOException unreadable) {
      System.err.println("abgw analyze: cannot read " + events + ": " + unreadable);
      return 1;
    }
    SkippedLines skipped = r.skipped();
    if (r.used() == 0) {
      System.err.println("abgw analyze: no usable event in " + events
          + (skipped.count() == 0 ? ": it holds no event" : ": skipped " + skipped.count() + ":"));
      skipped.summary().forEach(System.err::println);
      return 1;
    }
    if (skipped.count() > 0) {
      System.err.println("abgw analyze: used " + r.used() + " of " + (r.used() + skipped.count())
          + " lines; skipped " + skipped.count() + ":");
      skipped.summary().forEach(System.err::println);
    }
    System.out.println(ReportJson.toJson(r.report()));
    return 0;
  }
}

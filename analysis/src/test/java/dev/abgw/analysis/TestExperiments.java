package dev.abgw.analysis;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;

/** Parses experiment definitions written inline in tests; an invalid one fails the test at once. */
public final class TestExperiments {
  private TestExperiments() {}

  public static Experiment experiment(String json) {
    ParseResult r = ExperimentParser.parse(json);
    if (r instanceof ParseResult.Invalid inv) throw new AssertionError("test experiment invalid: " + inv.errors());
    return ((ParseResult.Valid) r).experiment();
  }
}

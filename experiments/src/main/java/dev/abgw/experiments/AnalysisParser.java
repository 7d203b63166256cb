package dev.abgw.experiments;

/** Reads and checks {@code /analysis}; every field is optional and defaults to {@link AnalysisSpec#defaults()}. */
final class AnalysisParser {

  private AnalysisParser() {}

  /** The analysis settings, defaults when absent, or {@code null} after reporting a mistake. */
  static AnalysisSpec analysis(ObjectReader r) {
    AnalysisSpec d = AnalysisSpec.defaults();
    if (r == null) {
      return d;
    }
    int before = r.problems().count();
    double alpha = number(r, "alpha", d.alpha(), v -> v > 0 && v <= 0.5, "must be > 0 and <= 0.5");
    Mode mode = r.choice("mode", Mode.class, false, d.mode());
    Correction correction = r.choice("correction", Correction.class, false, d.correction());
    double tuning = number(r, "sequentialTuning", d.sequentialTuning(), v -> v > 0, "must be > 0");
    double srm = number(r, "srmThreshold", d.srmThreshold(), v -> v > 0 && v < 1, "must be > 0 and < 1");
    int minUnits = minUnits(r, d.minUnitsPerSegment());
    double priorSd = number(r, "priorSd", d.priorSd(), v -> v > 0, "must be > 0");
    double power = number(r, "power", d.power(), v -> v > 0 && v < 1, "must be > 0 and < 1");
    double targetLift = number(r, "targetLift", d.targetLift(), v -> v > 0, "must be > 0");
    r.rejectUnknown();
    if (r.problems().count() != before) {
      return null;
    }
    return new AnalysisSpec(alpha, mode, correction, tuning, srm, minUnits, priorSd, power, targetLift);
  }

  private interface Rule {
    boolean ok(double v);
  }

  private static double number(ObjectReader r, String field, double fallback, Rule rule, String ruleText) {
    Double v = r.number(field, false);
    if (v == null) {
      return fallback;
    }
    if (!rule.ok(v)) {
      r.problems().add(r.at(field), ruleText + " (was " + JsonValues.describe(r.raw(field)) + ")");
    }
    return v;
  }

  private static int minUnits(ObjectReader r, int fallback) {
    Long v = r.whole("minUnitsPerSegment", false);
    if (v == null) {
      return fallback;
    }
    if (v < 2 || v > Integer.MAX_VALUE) {
      r.problems().add(r.at("minUnitsPerSegment"), "must be >= 2 (was " + JsonValues.describe(r.raw("minUnitsPerSegment")) + ")");
      return fallback;
    }
    return v.intValue();
  }
}

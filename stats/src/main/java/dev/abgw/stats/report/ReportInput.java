package dev.abgw.stats.report;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything {@link ReportBuilder} reads: sufficient statistics only, so building a report costs
 * the same whatever the number of events behind them.
 *
 * @param experiment experiment id
 * @param control name of the control variant; must be one of {@code arms}
 * @param analysis analysis settings
 * @param arms the experiment's variants in display order (control included)
 * @param metrics metrics in display order; the first is the primary metric of the decision
 * @param previous sequential state returned by the previous build of this experiment, or
 *     {@code null} / {@link SequentialState#empty()} for the first look
 * @param stopped treatments rolled back by the monitor: their earlier data is reported as usual, but
 *     they receive no new units, so they leave the sample ratio check
 */
public record ReportInput(
    String experiment, String control, AnalysisConfig analysis, List<ArmInput> arms,
    List<MetricInput> metrics, SequentialState previous, Set<String> stopped) {

  public ReportInput {
    if (experiment == null || experiment.isBlank()) {
      throw new IllegalArgumentException("experiment must be non-blank (was " + experiment + ")");
    }
    if (analysis == null) {
      throw new IllegalArgumentException("analysis must not be null");
    }
    arms = List.copyOf(arms);
    metrics = List.copyOf(metrics);
    previous = previous == null ? SequentialState.empty() : previous;
    stopped = stopped == null ? Set.of() : Set.copyOf(stopped);
    Set<String> names = new HashSet<>();
    for (ArmInput arm : arms) {
      if (!names.add(arm.variant())) {
        throw new IllegalArgumentException("arms must have distinct variants (" + arm.variant()
            + " appears twice)");
      }
    }
    if (!names.contains(control)) {
      throw new IllegalArgumentException(
          "control must be one of the arms " + names + " (was " + control + ")");
    }
    Set<String> metricNames = new HashSet<>();
    for (MetricInput m : metrics) {
      if (!metricNames.add(m.metric())) {
        throw new IllegalArgumentException(
            "metrics must have distinct names (" + m.metric() + " appears twice)");
      }
    }
  }

  /** An input without stopped treatments. */
  public ReportInput(String experiment, String control, AnalysisConfig analysis, List<ArmInput> arms,
      List<MetricInput> metrics, SequentialState previous) {
    this(experiment, control, analysis, arms, metrics, previous, Set.of());
  }

  public static ReportInput of(String experiment, String control, AnalysisConfig analysis,
      List<ArmInput> arms, List<MetricInput> metrics) {
    return new ReportInput(experiment, control, analysis, arms, metrics, SequentialState.empty());
  }

  public ReportInput withPrevious(SequentialState state) {
    return new ReportInput(experiment, control, analysis, arms, metrics, state, stopped);
  }

  public ReportInput withStopped(Set<String> variants) {
    return new ReportInput(experiment, control, analysis, arms, metrics, previous, variants);
  }

  /** The arms still receiving units: every arm but the stopped treatments. */
  public List<ArmInput> liveArms() {
    return arms.stream().filter(a -> !stopped.contains(a.variant())).toList();
  }

  /** Arms other than control, in order. */
  public List<ArmInput> treatments() {
    return arms.stream().filter(a -> !a.variant().equals(control)).toList();
  }
}

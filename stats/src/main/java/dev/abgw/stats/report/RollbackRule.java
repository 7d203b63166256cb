package dev.abgw.stats.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The automatic rollback rule a monitor applies at every look: pure, from stored sufficient
 * statistics to a verdict, so the gateway only enforces it.
 *
 * <ol>
 *   <li>Nothing is decided while an arm has fewer than {@link #MIN_UNITS_PER_ARM} units (the
 *       confidence sequence is asymptotic).</li>
 *   <li>A sample ratio mismatch ({@code p < analysis.srmThreshold}, Pearson chi-square over the live
 *       arms) stops the treatment whose share of units is furthest from its weight: assignment or
 *       logging is broken, and nothing about that arm can be trusted.</li>
 *   <li>Every guardrail of every live treatment is checked with the always-valid one-sided
 *       confidence sequence ({@link GuardrailCheck}, whatever {@code analysis.mode} says), its breach
 *       test at {@code alpha / (guardrails x treatments)}: a breach beyond the margin stops that
 *       treatment.</li>
 * </ol>
 *
 * <p>Because the bounds hold at every look simultaneously, looking after every interval keeps the
 * chance of a false rollback below {@code alpha} (plus the SRM threshold per look), however often
 * the monitor looks; {@code GuardrailMonitorSimulationTest} measures it.
 */
public final class RollbackRule {

  /** Fewer units than this in any live arm: no verdict yet. */
  public static final long MIN_UNITS_PER_ARM = 50;

  private RollbackRule() {}

  /** Why a treatment is stopped. */
  public enum Cause { GUARDRAIL_BREACH, SAMPLE_RATIO_MISMATCH }

  /**
   * One treatment to stop.
   *
   * @param guardrail the breached guardrail (evidence), null for a sample ratio mismatch
   */
  public record Stop(String variant, Cause cause, GuardrailResult guardrail, SrmSection srm) {}

  /** The verdict of one look: what to stop, and everything checked. */
  public record Verdict(List<Stop> stops, List<GuardrailResult> guardrails, SrmSection srm,
      boolean enoughUnits) {

    public Verdict {
      stops = List.copyOf(stops);
      guardrails = List.copyOf(guardrails);
    }

    public boolean rollback() {
      return !stops.isEmpty();
    }
  }

  /**
   * Evaluates {@code in} without the treatments in {@code stopped} (already rolled back: their units
   * no longer arrive, so they leave the SRM check and the guardrails).
   */
  public static Verdict evaluate(ReportInput in, Set<String> stopped) {
    java.util.Set<String> all = new java.util.HashSet<>(in.stopped());
    all.addAll(stopped);
    List<ArmInput> live = in.arms().stream().filter(a -> !all.contains(a.variant())).toList();
    ReportInput look = new ReportInput(in.experiment(), in.control(), in.analysis(), live,
        in.metrics(), in.previous());
    SrmSection srm = SrmCheck.of(live, in.analysis().srmThreshold());
    if (live.size() < 2 || live.stream().anyMatch(a -> a.units() < MIN_UNITS_PER_ARM)) {
      return new Verdict(List.of(), List.of(), srm, false);
    }
    if (srm.mismatch()) {
      ArmInput worst = mostOff(look, srm);
      return new Verdict(List.of(new Stop(worst.variant(), Cause.SAMPLE_RATIO_MISMATCH, null, srm)),
          List.of(), srm, true);
    }
    List<GuardrailResult> guardrails = GuardrailCheck.evaluate(look, true);
    List<Stop> stops = new ArrayList<>();
    for (GuardrailResult g : guardrails) {
      boolean already = stops.stream().anyMatch(s -> s.variant().equals(g.variant()));
      if (g.status() == GuardrailStatus.BREACHED && !already) {
        stops.add(new Stop(g.variant(), Cause.GUARDRAIL_BREACH, g, srm));
      }
    }
    return new Verdict(stops, guardrails, srm, true);
  }

  /** The treatment whose observed share of units is furthest from its expected share. */
  private static ArmInput mostOff(ReportInput in, SrmSection srm) {
    long total = srm.observed().values().stream().mapToLong(Long::longValue).sum();
    return in.treatments().stream()
        .max(Comparator.comparingDouble(a -> Math.abs(
            (double) a.units() / Math.max(1, total) - srm.expected().getOrDefault(a.variant(), 0.0))))
        .orElseThrow();
  }
}

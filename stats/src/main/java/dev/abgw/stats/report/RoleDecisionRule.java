package dev.abgw.stats.report;

import dev.abgw.experiments.Direction;
import dev.abgw.stats.test.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The decision when the experiment declares metric roles, in this order:
 *
 * <ol>
 *   <li>Sample ratio mismatch: {@code invalid}.</li>
 *   <li>A treatment with a guardrail breached beyond its margin ({@link GuardrailCheck}) or a goal
 *       worse (two-sided, corrected): {@code rollback}. Safety comes first, so this wins over a
 *       ship candidate among other treatments.</li>
 *   <li>A treatment better on a goal, worse on none, and shown non-inferior on every guardrail:
 *       {@code ship}; with an edge-case regression on a goal or guardrail metric, or a goal that
 *       differs without variance, {@code keep running} "ship with caution" instead, as in
 *       {@link DecisionRule}.</li>
 *   <li>Otherwise {@code keep running}, saying what is missing: no goal better yet (with the units
 *       per arm needed on the first goal), or which guardrails are not yet shown within their
 *       margin (with the bound reached so far).</li>
 * </ol>
 *
 * <p>A guardrail's two-sided verdict never decides by itself (a guardrail may worsen within its
 * margin); secondary metrics never decide. Whatever the action, the sentence lists after "; also"
 * every treatment's goal wins and losses, breached guardrails, guardrails worse or better
 * (two-sided), edge-case regressions, and what secondary metrics showed.
 */
final class RoleDecisionRule {

  private RoleDecisionRule() {}

  private static final String SECONDARY = " (secondary, not decisive)";

  static boolean applies(ReportInput in) {
    return in.metrics().stream().anyMatch(m -> m.role() != null && m.role() != Role.SECONDARY);
  }

  /** What one treatment showed. */
  private record Findings(String variant, List<String> goalsBetter, List<String> goalsWorse,
      List<GuardrailResult> breached, List<GuardrailResult> notShown, List<String> guardrailsBetter,
      List<String> guardrailsWorse, List<Regression> regressions, List<String> untestable,
      List<String> secondaryBetter, List<String> secondaryWorse, List<Regression> secondaryRegressions) {

    boolean rollback() {
      return !breached.isEmpty() || !goalsWorse.isEmpty();
    }

    boolean shippable() {
      return !goalsBetter.isEmpty() && goalsWorse.isEmpty() && breached.isEmpty() && notShown.isEmpty();
    }

    List<String> clauses() {
      List<String> out = new ArrayList<>();
      add(out, "better on ", goalsBetter, "");
      add(out, "worse on ", goalsWorse, "");
      if (!breached.isEmpty()) {
        out.add(breachClause(variant, breached));
      }
      add(out, "worse on ", guardrailsWorse, " (guardrail)");
      add(out, "better on ", guardrailsBetter, " (guardrail)");
      if (!regressions.isEmpty()) {
        out.add(variant + " worse on " + DecisionRule.segments(regressions));
      }
      if (!untestable.isEmpty()) {
        out.add(ArmsDifferWithoutVariance.clause(variant, String.join(", ", untestable)));
      }
      if (!secondaryBetter.isEmpty()) {
        out.add(variant + SECONDARY + " better on " + String.join(", ", secondaryBetter));
      }
      if (!secondaryWorse.isEmpty()) {
        out.add(variant + SECONDARY + " worse on " + String.join(", ", secondaryWorse));
      }
      if (!secondaryRegressions.isEmpty()) {
        out.add(variant + SECONDARY + " worse on " + DecisionRule.segments(secondaryRegressions));
      }
      return out;
    }

    private void add(List<String> out, String what, List<String> metrics, String tag) {
      if (!metrics.isEmpty()) {
        out.add(variant + " " + what + String.join(", ", metrics) + tag);
      }
    }
  }

  static Decision decide(ReportInput in, SrmSection srm, List<MetricReport> metrics,
      List<Regression> regressions, List<GuardrailResult> guardrails) {
    Map<String, Role> roles = new LinkedHashMap<>();
    in.metrics().forEach(m -> roles.put(m.metric(), m.role() == null ? Role.SECONDARY : m.role()));
    List<Findings> all = new ArrayList<>();
    for (ArmInput arm : in.treatments()) {
      all.add(findings(arm.variant(), metrics, regressions, guardrails, roles));
    }
    List<String> clauses = new ArrayList<>();
    all.forEach(f -> clauses.addAll(f.clauses()));
    if (srm.mismatch()) {
      String reason = String.format(Locale.ROOT,
          "invalid: sample ratio mismatch (p = %.3g < %s); check assignment and exposure "
              + "logging before reading any result", srm.pValue(), DecisionRule.number(srm.threshold()));
      return decision(Action.INVALID, null, reason
          + (clauses.isEmpty() ? "" : "; measured but untrustworthy: " + String.join("; ", clauses)));
    }
    List<Findings> rollback = all.stream().filter(Findings::rollback).toList();
    if (!rollback.isEmpty()) {
      List<String> said = new ArrayList<>();
      for (Findings f : rollback) {
        if (!f.breached().isEmpty()) {
          said.add(breachClause(f.variant(), f.breached()));
        }
        if (!f.goalsWorse().isEmpty()) {
          said.add(f.variant() + " worse on " + String.join(", ", f.goalsWorse()));
        }
      }
      return decision(Action.ROLLBACK, rollback.get(0).variant(),
          "rollback: " + String.join("; ", said) + also(clauses, said));
    }
    List<Findings> ship = all.stream().filter(Findings::shippable)
        .sorted((a, b) -> Boolean.compare(needsReview(a), needsReview(b))).toList();
    if (!ship.isEmpty()) {
      return ship(ship.get(0), in, clauses);
    }
    return keepRunning(in, metrics, all, clauses);
  }

  private static boolean needsReview(Findings f) {
    return !f.regressions().isEmpty() || !f.untestable().isEmpty();
  }

  private static Decision ship(Findings f, ReportInput in, List<String> clauses) {
    String better = f.variant() + " better on " + String.join(", ", f.goalsBetter());
    List<String> names = in.metrics().stream().filter(m -> m.role() == Role.GUARDRAIL)
        .map(MetricInput::metric).toList();
    String guarded = names.isEmpty() ? "" : ", every guardrail within its margin (" + String.join(", ", names) + ")";
    List<String> said = new ArrayList<>(List.of(better));
    if (!needsReview(f)) {
      return decision(Action.SHIP, f.variant(), "ship: " + better + ", no goal worse" + guarded
          + also(clauses, said));
    }
    List<String> caution = new ArrayList<>();
    if (!f.regressions().isEmpty()) {
      caution.add("worse on " + DecisionRule.segments(f.regressions()));
      said.add(f.variant() + " worse on " + DecisionRule.segments(f.regressions()));
    }
    if (!f.untestable().isEmpty()) {
      String clause = ArmsDifferWithoutVariance.clause(f.variant(), String.join(", ", f.untestable()));
      caution.add(clause.substring(f.variant().length() + 1));
      said.add(clause);
    }
    return decision(Action.KEEP_RUNNING, f.variant(), "ship with caution: " + better + guarded
        + " but " + String.join("; ", caution) + "; review before shipping" + also(clauses, said));
  }

  private static Decision keepRunning(ReportInput in, List<MetricReport> metrics, List<Findings> all,
      List<String> clauses) {
    List<String> missing = new ArrayList<>();
    for (Findings f : all) {
      if (f.goalsBetter().isEmpty()) {
        continue;
      }
      for (GuardrailResult g : f.notShown()) {
        missing.add(notShownClause(g));
      }
    }
    if (all.stream().allMatch(f -> f.goalsBetter().isEmpty())) {
      missing.add(0, noGoalYet(in, metrics));
      for (Findings f : all) {
        f.notShown().forEach(g -> missing.add(notShownClause(g)));
      }
    }
    return decision(Action.KEEP_RUNNING, null, "keep running: " + String.join("; ", missing)
        + also(clauses, List.of()));
  }

  private static String noGoalYet(ReportInput in, List<MetricReport> metrics) {
    String goal = in.metrics().stream().filter(m -> m.role() == Role.GOAL).map(MetricInput::metric)
        .findFirst().orElseThrow();
    MetricReport report = metrics.stream().filter(m -> m.metric().equals(goal)).findFirst().orElseThrow();
    OptionalLong needed = report.variants().stream()
        .filter(r -> !r.control() && r.comparison().mde() != null)
        .map(r -> r.comparison().mde().unitsNeededPerArm())
        .filter(OptionalLong::isPresent)
        .mapToLong(OptionalLong::getAsLong)
        .max();
    String lift = DecisionRule.number(in.analysis().targetLift() * 100) + "%";
    if (needed.isEmpty()) {
      return "no goal better yet (not enough data on " + goal + " to estimate the sample size)";
    }
    if (needed.getAsLong() == 0) {
      return "no goal better yet (" + goal + " is already powered for a " + lift
          + " lift, so any effect is likely smaller)";
    }
    return "no goal better yet (need ~" + needed.getAsLong() + " more units per arm for a " + lift
        + " lift on " + goal + ")";
  }

  /** "latency not yet shown within +10% for b (bound +14.2%)". */
  static String notShownClause(GuardrailResult g) {
    String head = g.metric() + " not yet shown within " + signed(g.threshold(), g.margin()) + " for " + g.variant();
    if (g.status() == GuardrailStatus.UNTESTABLE) {
      return head + " (untestable: " + g.reason() + ")";
    }
    return head + " (" + g.units() + " units, bound " + signed(g.safeBound(), g.margin()) + ")";
  }

  /** "b breached guardrail latency (+31.2%, lower bound +22.1% > margin +10%)". */
  static String breachClause(String variant, List<GuardrailResult> breached) {
    List<String> parts = new ArrayList<>();
    for (GuardrailResult g : breached) {
      String rel = g.direction() == Direction.DECREASE ? ">" : "<";
      parts.add(g.metric() + " (" + signed(g.effect(), g.margin()) + ", bound " + signed(g.breachBound(), g.margin())
          + " " + rel + " margin " + signed(g.threshold(), g.margin()) + ")");
    }
    return variant + " breached guardrail " + String.join(", ", parts);
  }

  /** A relative value as a signed percentage, an absolute one as a signed number. */
  static String signed(double value, GuardrailMargin margin) {
    double shown = margin.relative() ? value * 100 : value;
    String text = String.format(Locale.ROOT, margin.relative() ? "%.3g" : "%.4g", shown);
    if (text.contains(".") && !text.contains("e")) {
      text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return (shown >= 0 ? "+" : "") + text + (margin.relative() ? "%" : "");
  }

  private static Findings findings(String variant, List<MetricReport> metrics, List<Regression> regressions,
      List<GuardrailResult> guardrails, Map<String, Role> roles) {
    List<String> goalsBetter = new ArrayList<>();
    List<String> goalsWorse = new ArrayList<>();
    List<String> guardBetter = new ArrayList<>();
    List<String> guardWorse = new ArrayList<>();
    List<String> secBetter = new ArrayList<>();
    List<String> secWorse = new ArrayList<>();
    List<String> untestable = new ArrayList<>();
    for (MetricReport metric : metrics) {
      Role role = roles.getOrDefault(metric.metric(), Role.SECONDARY);
      for (VariantResult r : metric.variants()) {
        if (r.control() || !r.variant().equals(variant)) {
          continue;
        }
        Verdict verdict = r.comparison().verdict();
        if (verdict == Verdict.BETTER) {
          (role == Role.GOAL ? goalsBetter : role == Role.GUARDRAIL ? guardBetter : secBetter).add(metric.metric());
        } else if (verdict == Verdict.WORSE) {
          (role == Role.GOAL ? goalsWorse : role == Role.GUARDRAIL ? guardWorse : secWorse).add(metric.metric());
        } else if (role == Role.GOAL && r.comparison().reason() == Reason.ZERO_VARIANCE_ARMS_DIFFER) {
          untestable.add(metric.metric());
        }
      }
    }
    List<GuardrailResult> own = guardrails.stream().filter(g -> g.variant().equals(variant)).toList();
    List<Regression> regs = regressions.stream().filter(g -> g.variant().equals(variant)).toList();
    return new Findings(variant, goalsBetter, goalsWorse,
        own.stream().filter(g -> g.status() == GuardrailStatus.BREACHED).toList(),
        own.stream().filter(g -> g.status() == GuardrailStatus.NOT_YET_SHOWN
            || g.status() == GuardrailStatus.UNTESTABLE).toList(),
        guardBetter, guardWorse,
        regs.stream().filter(g -> roles.getOrDefault(g.metric(), Role.SECONDARY) != Role.SECONDARY).toList(),
        untestable, secBetter, secWorse,
        regs.stream().filter(g -> roles.getOrDefault(g.metric(), Role.SECONDARY) == Role.SECONDARY).toList());
  }

  private static String also(List<String> clauses, List<String> said) {
    List<String> rest = clauses.stream().filter(c -> !said.contains(c)).toList();
    return rest.isEmpty() ? "" : "; also " + String.join("; ", rest);
  }

  private static Decision decision(Action action, String variant, String reason) {
    return new Decision(action, variant, reason, Decision.Rule.ROLES);
  }
}

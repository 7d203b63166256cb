package dev.abgw.analysis.cell;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.MetricSource;
import dev.abgw.experiments.MetricSpec;
import dev.abgw.experiments.MetricType;
import dev.abgw.analysis.event.ProxyOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which metric values an event contributes, and to which cells: the overall cell of its variant and
 * one cell per segment value. Pure: the proxy, the judgment API and the offline {@code analyze} all use
 * it, so live and offline numbers agree.
 *
 * <p>Proxy metrics take their value from the outcome ({@code error} is 1 for any error outcome,
 * including upstream 5xx, timeouts and clients that hung up; latency counts failed requests too, up to
 * the failure, so a variant cannot look fast by failing; {@code fallback}, {@code retries} and
 * {@code rateLimited} describe how the answer was obtained, counted for the assigned variant). A token metric is skipped when the response
 * carried no usage. A continuous judgment metric with {@code badBelow} also yields the binary metric
 * {@code NAME.bad} (1 when the value is below the threshold).
 */
public final class Observations {
  /** Suffix of the derived "bad answer" metric of a continuous judgment with a threshold. */
  public static final String BAD_SUFFIX = ".bad";
  /**
   * The implicit counter of who served each request of an experiment with a {@code resilience} block: one
   * cell per (assigned variant, server) under the dimension {@link #SERVED_DIMENSION}, value 1 per request.
   * Neither name can clash with a user's (metric and dimension names are lower case, without dots).
   */
  public static final String SERVED_METRIC = "abgw.served";
  public static final String SERVED_DIMENSION = "servedBy";
  /** The server of a request that nothing served (the client got an error). */
  public static final String SERVED_BY_NONE = "(none)";

  private Observations() {}

  public static List<Observation> forRequest(Experiment e, String variant, Map<String, String> segments,
                                             ProxyOutcome o) {
    List<Observation> out = new ArrayList<>();
    if (o.isClientFault()) return out; // a client too slow to send its body says nothing about the variant
    for (MetricSpec m : e.metrics()) {
      if (m.source() != MetricSource.PROXY) continue;
      Double v = proxyValue(m, o);
      if (v != null) addCells(out, variant, m.name(), segments, v);
    }
    if (!e.resilience().isNone()) {
      String by = o.serving() == null ? variant : o.serving().servedBy() == null ? SERVED_BY_NONE : o.serving().servedBy();
      out.add(new Observation(StatKey.segment(variant, SERVED_METRIC, SERVED_DIMENSION, by), 1.0));
    }
    return out;
  }

  public static Double proxyValue(MetricSpec m, ProxyOutcome o) {
    return switch (m.field()) {
      case LATENCY_MS -> o.latencyMillis();
      case TTFB_MS -> Double.isNaN(o.ttfbMillis()) ? null : o.ttfbMillis();
      case ERROR -> o.isError() ? 1.0 : 0.0;
      case PROMPT_TOKENS -> o.promptTokens() == null ? null : o.promptTokens().doubleValue();
      case COMPLETION_TOKENS -> o.completionTokens() == null ? null : o.completionTokens().doubleValue();
      case TOTAL_TOKENS -> o.totalTokens() == null ? null : o.totalTokens().doubleValue();
      case FALLBACK -> o.fellBack() ? 1.0 : 0.0;
      case RETRIES -> (double) o.retries();
      case RATE_LIMITED -> o.rateLimited() ? 1.0 : 0.0;
    };
  }

  public static List<Observation> forJudgment(MetricSpec m, String variant, Map<String, String> segments, double value) {
    List<Observation> out = new ArrayList<>();
    addCells(out, variant, m.name(), segments, value);
    if (m.type() == MetricType.CONTINUOUS && m.badBelow() != null) {
      addCells(out, variant, m.name() + BAD_SUFFIX, segments, value < m.badBelow() ? 1.0 : 0.0);
    }
    return out;
  }

  private static void addCells(List<Observation> out, String variant, String metric, Map<String, String> segments,
                               double value) {
    out.add(new Observation(StatKey.overall(variant, metric), value));
    for (var s : segments.entrySet()) {
      out.add(new Observation(StatKey.segment(variant, metric, s.getKey(), s.getValue()), value));
    }
  }
}

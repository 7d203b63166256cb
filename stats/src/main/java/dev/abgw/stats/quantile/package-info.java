/**
 * Tail quantiles (p50, p90, p95, p99) of continuous metrics with confidence intervals, for each variant and
 * for each variant's difference against control.
 *
 * <h2>Recording</h2>
 * Latency, time to first byte, token counts and continuous judgment scores are recorded as HdrHistograms of
 * integer units, {@code units = round(value * unitsPerValue)}, with a fixed {@link dev.abgw.stats.quantile.ValueScale}
 * per metric (milliseconds in microseconds, tokens as they are, scores in hundredths). 0 records; negative
 * values (a score difference, a preference -1/0/1) go to a second histogram of their magnitudes, so every
 * value in [-maxValue, maxValue] records with the same precision. Precision is 3 significant decimal digits: values below 2048 units are exact, larger
 * ones are read back within half a bucket (relative error below 1/2048).
 * <ul>
 *   <li>{@link dev.abgw.stats.quantile.ValueRecorder}: the gateway's hot path, wait-free
 *       {@code record(value)} from any thread (HdrHistogram {@code Recorder}), flushed with
 *       {@code intervalHistogram()};</li>
 *   <li>{@link dev.abgw.stats.quantile.ValueHistogram}: the data, {@code merge} across gateway instances
 *       (exact, counts add), {@code encode()}/{@code decode(bytes)} (HdrHistogram compressed encoding behind a
 *       13-byte header that carries the scale), order statistics.</li>
 * </ul>
 * <pre>{@code
 * ValueRecorder latency = ValueRecorder.of(ValueScale.latencyMillis());
 * latency.record(elapsedNanos / 1e6);                         // per request, any thread
 * byte[] flushed = latency.intervalHistogram().encode();       // per flush, stored per instance
 * ValueHistogram total = ValueHistogram.empty(ValueScale.latencyMillis());
 * storedBytes.forEach(b -> total.merge(ValueHistogram.decode(b)));
 * QuantileReport report = QuantileAnalyzer.analyze(Map.of("a", totalA, "b", totalB), "a", 0.05);
 * ObjectNode json = QuantileJson.toNode(report);
 * }</pre>
 *
 * <h2>Statistics</h2>
 * Deng, Knoblich and Lu (2018), "Applying the Delta Method in Metric Analytics: A Practical Guide with Novel
 * Ideas", KDD, section on quantile metrics. For n values, quantile p and z = z_{1-alpha/2}:
 * <pre>
 *   estimate      X_(k),  k = max(1, ceil(n p))
 *   ranks         L = floor(n p - z sqrt(n p (1-p))),  U = ceil(n p + z sqrt(n p (1-p)))
 *   interval      [X_(L), X_(U)]                       (needs 1 &lt;= L and U &lt;= n)
 *   std. error    se = (X_(U) - X_(L)) / (2 z)
 *   difference    d = X_t(p) - X_c(p),  se_d = sqrt(se_t^2 + se_c^2),  d -/+ z se_d
 *   relative      d / |X_c(p)|
 *   p-value       2 (1 - Phi(|d| / se_d))
 * </pre>
 * The count of values below the true quantile is Binomial(n, p), which gives the rank interval; reading the
 * standard error off the interval avoids estimating the density at the quantile.
 *
 * <p><b>Independence assumption.</b> Histograms do not keep the randomization unit of each value, so the
 * requests are treated as independent. With heavy clustering (units sending many correlated requests) the
 * intervals are too narrow; Deng et al. replace {@code p (1-p)} by {@code n Var(Y)}, the delta-method variance
 * of the indicator mean {@code Y = sum_u S_u / sum_u N_u} ({@code S_u}: unit u's requests at or below the
 * estimate, {@code N_u}: its requests), which requires per-unit data.
 *
 * <p><b>Degenerate data</b> never produces NaN: results carry a {@link dev.abgw.stats.quantile.QuantileReason}
 * (EMPTY, NOT_ENOUGH_DATA, EMPTY_ARM, ZERO_STANDARD_ERROR, ZERO_CONTROL_VALUE) and null numbers. A p99
 * interval needs at least 381 values at alpha = 0.05.
 *
 * <p><b>Checked by simulation</b> ({@code QuantileCoverageSimulationTest}): 2,000 seeded replications of
 * n = 2,000 lognormal latencies; intervals cover the true quantile at 95% within 3 points, the difference test
 * keeps the type I error at 5% within 3 points, and a uniform 8% slowdown is detected at the asymptotic power.
 *
 * <p>Segments: call {@link dev.abgw.stats.quantile.QuantileAnalyzer#analyze} once per segment cell with that
 * cell's histograms.
 */
package dev.abgw.stats.quantile;

/**
 * Statistics engine for abgw: sufficient statistics, two-arm tests and the experiment report.
 *
 * <p>Pure Java (commons-math3, jackson-databind); no I/O, no event loop.
 *
 * <ul>
 *   <li>{@code dev.abgw.stats}: sufficient statistics that merge with {@code plus}:
 *       {@link dev.abgw.stats.MeanStats}, {@link dev.abgw.stats.ProportionStats},
 *       {@link dev.abgw.stats.RatioStats}. Every metric the gateway records arrives as
 *       {@code RatioStats}: values per request, clustered by randomization unit.</li>
 *   <li>{@code dev.abgw.stats.test}: the statistics themselves (Welch test, delta method,
 *       confidence sequences, Bayesian lift, power, sample-ratio mismatch, Holm and
 *       Benjamini-Hochberg corrections). Each class states its formula and reference.</li>
 *   <li>{@code dev.abgw.stats.report}: the report model, {@code ReportBuilder} and
 *       {@code ReportJson}.</li>
 * </ul>
 */
package dev.abgw.stats;

/**
 * Two-arm tests and their companions, each a pure function of sufficient statistics.
 *
 * <ul>
 *   <li>{@link dev.abgw.stats.test.ArmEstimate}: per-arm mean and per-unit variance, including
 *       the delta-method linearization of ratio metrics (Deng et al. 2018).</li>
 *   <li>{@link dev.abgw.stats.test.WelchTest}: Welch t test on the absolute difference and on
 *       the relative lift (Welch 1947; Satterthwaite 1946).</li>
 *   <li>{@link dev.abgw.stats.test.ConfidenceSequence}: asymptotic confidence sequence for
 *       continuous monitoring (Waudby-Smith et al. 2021; Howard et al. 2021).</li>
 *   <li>{@link dev.abgw.stats.test.BayesianLift}: normal prior on the relative lift.</li>
 *   <li>{@link dev.abgw.stats.test.PowerAnalysis}: minimum detectable effect and sample size.</li>
 *   <li>{@link dev.abgw.stats.test.SampleRatioMismatch}: Pearson chi-square on exposed units.</li>
 *   <li>{@link dev.abgw.stats.test.Holm}, {@link dev.abgw.stats.test.BenjaminiHochberg}:
 *       adjusted p-values.</li>
 *   <li>{@link dev.abgw.stats.test.InteractionTest}: does a segment's effect differ from the
 *       rest of its dimension.</li>
 * </ul>
 *
 * <p>Degenerate data never throws: results carry a {@link dev.abgw.stats.test.Reason}.
 */
package dev.abgw.stats.test;

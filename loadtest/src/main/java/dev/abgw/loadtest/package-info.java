/**
 * Load testing for the gateway: simulated agent backends, a simulated judge and a load generator.
 *
 * <ul>
 *   <li>{@link dev.abgw.agents.SimulatedAgent} serves OpenAI-style chat completions (JSON or paced
 *       server-sent events) on 127.0.0.1, with the latency, tokens, error and hold rates, stalls and
 *       per-segment quality of an {@link dev.abgw.agents.AgentConfig}; every random draw of request
 *       {@code i} comes from {@code (seed, i)}. It also answers {@code /health}, {@code /bytes/{n}} and an
 *       echo, as a plain backend for proxy benchmarks.</li>
 *   <li>{@link dev.abgw.agents.SimulatedJudge} draws a {@link dev.abgw.agents.Judgment} from the
 *       {@code X-Sim-Quality} an agent returned.</li>
 *   <li>{@link dev.abgw.loadtest.LoadGenerator} runs a {@link dev.abgw.loadtest.LoadConfig} (open loop with
 *       coordinated-omission correction, or closed loop) against a loopback target and returns a
 *       {@link dev.abgw.loadtest.LoadResult} (HdrHistogram latencies, status counts, errors, achieved rate),
 *       which {@link dev.abgw.loadtest.LoadResultTable} renders as Markdown.</li>
 * </ul>
 *
 * <p>Command lines: {@link dev.abgw.agents.SimulatedAgent#main(String[])} and
 * {@link dev.abgw.loadtest.LoadGeneratorMain}; see {@code docs/loadtest.md}.
 */
package dev.abgw.loadtest;

package dev.abgw.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RequestFateTest {

  private static final AgentConfig CONFIG = AgentConfig.builder()
      .latency(LatencyModel.lognormal(80, 0.5)).tokens(TokenRange.of(10, 30))
      .errorRate(0.1).timeoutRate(0.05).seed(99).build();

  @Test
  void draws_the_same_fate_for_the_same_seed_and_request_number() {
    for (long i = 0; i < 100; i++) {
      assertThat(RequestFate.draw(CONFIG, i)).isEqualTo(RequestFate.draw(CONFIG, i));
    }
    assertThat(RequestFate.draw(CONFIG, 1)).isNotEqualTo(RequestFate.draw(CONFIG.withSeed(100), 1));
  }

  @Test
  void draws_outcomes_latencies_and_tokens_with_the_configured_distributions() {
    int n = 20_000;
    int errors = 0;
    int holds = 0;
    long[] latencies = new long[n];
    for (int i = 0; i < n; i++) {
      RequestFate fate = RequestFate.draw(CONFIG, i);
      errors += fate.outcome() == RequestFate.Outcome.ERROR ? 1 : 0;
      holds += fate.outcome() == RequestFate.Outcome.HOLD ? 1 : 0;
      latencies[i] = fate.latencyMillis();
      assertThat(fate.completionTokens()).isBetween(10, 30);
      assertThat(fate.words()).hasSize(fate.completionTokens());
      assertThat(fate.content().split(" ")).hasSize(fate.completionTokens());
    }
    // Binomial standard errors: 0.0021 and 0.0015; tolerance about 5 of them.
    assertThat(errors / (double) n).isBetween(0.09, 0.11);
    assertThat(holds / (double) n).isBetween(0.0425, 0.0575);
    Arrays.sort(latencies);
    // Lognormal(median 80, sigma 0.5): median 80, p90 = 80 exp(0.5 * 1.2816) = 151.7.
    assertThat(latencies[n / 2]).isBetween(77L, 83L);
    assertThat(latencies[(int) (n * 0.9)]).isBetween(145L, 159L);
  }
}

package dev.abgw.agents;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Everything random about how a simulated agent treats one chat request, drawn up front from
 * {@code (seed, requestNumber)} alone so that a run is reproducible whatever the thread interleaving,
 * and so that changing one rate does not reshuffle the other draws (they are taken in a fixed order).
 *
 * @param outcome answer, fail with 500, or hold without answering
 * @param latencyMillis time before the first byte
 * @param completionTokens number of tokens in the answer
 * @param words the answer's tokens; their concatenation is the message content
 */
record RequestFate(Outcome outcome, long latencyMillis, int completionTokens, List<String> words) {

  /** What the agent does with the request. */
  enum Outcome { ANSWER, ERROR, HOLD }

  private static final String[] VOCABULARY = {
    "the", "agent", "answer", "is", "a", "plan", "step", "result", "check", "data", "we", "then",
    "tool", "call", "returns", "value", "so", "next", "done", "context", "query", "model", "and", "it"
  };

  RequestFate {
    words = List.copyOf(words);
  }

  /** Draws the fate of request number {@code requestNumber} under {@code config}. */
  static RequestFate draw(AgentConfig config, long requestNumber) {
    var rng = new SplittableRandom(config.seed() ^ (requestNumber * 0x9E3779B97F4A7C15L));
    double u = rng.nextDouble();
    Outcome outcome = u < config.errorRate() ? Outcome.ERROR
        : u < config.errorRate() + config.timeoutRate() ? Outcome.HOLD
        : Outcome.ANSWER;
    long latency = config.latency().sampleMillis(rng);
    int tokens = config.tokens().sample(rng);
    String[] words = new String[tokens];
    for (int i = 0; i < tokens; i++) {
      String word = VOCABULARY[rng.nextInt(VOCABULARY.length)];
      words[i] = i == 0 ? word : " " + word;
    }
    return new RequestFate(outcome, latency, tokens, List.of(words));
  }

  /** The whole answer text. */
  String content() {
    return String.join("", words);
  }
}

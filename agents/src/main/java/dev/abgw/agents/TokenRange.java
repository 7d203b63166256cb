package dev.abgw.agents;

import java.util.random.RandomGenerator;

/**
 * How many completion tokens a simulated agent produces: uniform on {@code [min, max]} (both included).
 *
 * @param min fewest tokens, at least 1
 * @param max most tokens, at least {@code min}
 */
public record TokenRange(int min, int max) {

  /** Upper bound on tokens per answer, so a typo cannot make a multi-gigabyte response. */
  public static final int MAX_TOKENS = 100_000;

  public TokenRange {
    if (min < 1 || min > MAX_TOKENS) {
      throw new IllegalArgumentException("tokens.min must be between 1 and " + MAX_TOKENS + " (was " + min + ")");
    }
    if (max < min || max > MAX_TOKENS) {
      throw new IllegalArgumentException(
          "tokens.max must be between tokens.min (" + min + ") and " + MAX_TOKENS + " (was " + max + ")");
    }
  }

  /** Always exactly {@code tokens}. */
  public static TokenRange fixed(int tokens) {
    return new TokenRange(tokens, tokens);
  }

  /** Uniform between {@code min} and {@code max}, both included. */
  public static TokenRange of(int min, int max) {
    return new TokenRange(min, max);
  }

  /** Parses {@code "40"} or {@code "20-80"}. */
  public static TokenRange parse(String text) {
    int dash = text.indexOf('-');
    try {
      if (dash < 0) {
        return fixed(Integer.parseInt(text.trim()));
      }
      return of(Integer.parseInt(text.substring(0, dash).trim()), Integer.parseInt(text.substring(dash + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("tokens must be N or MIN-MAX (was '" + text + "')", e);
    }
  }

  /** Draws one token count. */
  public int sample(RandomGenerator rng) {
    return min == max ? min : min + rng.nextInt(max - min + 1);
  }
}

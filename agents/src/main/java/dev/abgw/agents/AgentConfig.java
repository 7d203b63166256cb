package dev.abgw.agents;

import java.util.Objects;

/**
 * Behaviour of one {@link SimulatedAgent}. Build with {@link #builder()} or change one field of an
 * existing config with a {@code withX} method.
 *
 * @param port TCP port on 127.0.0.1; 0 picks a free ephemeral port
 * @param name agent name, echoed in the {@code X-Sim-Agent} header and the completion's {@code model}
 *     when the request names none
 * @param latency time before the first byte of a chat answer
 * @param tokens completion tokens per answer
 * @param tokensPerSecond streaming pace after the first token
 * @param errorRate probability that a chat request is answered 500 with an OpenAI error body
 * @param timeoutRate probability that a chat request is never answered (held until the client gives up)
 * @param maxHoldMillis longest a never-answered request is held before the agent closes its connection
 * @param quality true quality, reported in {@code X-Sim-Quality}
 * @param stall periodic stalls during which no request is looked at
 * @param seed seed of every random draw; request number {@code i} draws from {@code (seed, i)} only
 * @param faults rate limiting (429 with Retry-After) and outage windows (503)
 */
public record AgentConfig(
    int port,
    String name,
    LatencyModel latency,
    TokenRange tokens,
    double tokensPerSecond,
    double errorRate,
    double timeoutRate,
    long maxHoldMillis,
    QualityModel quality,
    StallSchedule stall,
    long seed,
    Faults faults) {

  public AgentConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535 (was " + port + ")");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank (was '" + name + "')");
    }
    Objects.requireNonNull(latency, "latency must not be null");
    Objects.requireNonNull(tokens, "tokens must not be null");
    Objects.requireNonNull(quality, "quality must not be null");
    Objects.requireNonNull(stall, "stall must not be null");
    Objects.requireNonNull(faults, "faults must not be null");
    if (!(tokensPerSecond > 0) || tokensPerSecond > 100_000) {
      throw new IllegalArgumentException("tokensPerSecond must be > 0 and <= 100000 (was " + tokensPerSecond + ")");
    }
    requireProbability("errorRate", errorRate);
    requireProbability("timeoutRate", timeoutRate);
    if (errorRate + timeoutRate > 1) {
      throw new IllegalArgumentException(
          "errorRate + timeoutRate must be <= 1 (was " + errorRate + " + " + timeoutRate + ")");
    }
    if (maxHoldMillis < 1 || maxHoldMillis > 3_600_000) {
      throw new IllegalArgumentException("maxHoldMillis must be between 1 and 3600000 (was " + maxHoldMillis + ")");
    }
  }

  private static void requireProbability(String field, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(field + " must be between 0 and 1 (was " + value + ")");
    }
  }

  /** Defaults: ephemeral port, name "agent", 50 ms fixed latency, 20 tokens at 100 tokens/s, no errors,
   *  no timeouts, 120 s max hold, quality 0.7, no stalls, seed 42. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this config. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public AgentConfig withPort(int port) {
    return toBuilder().port(port).build();
  }

  public AgentConfig withName(String name) {
    return toBuilder().name(name).build();
  }

  public AgentConfig withLatency(LatencyModel latency) {
    return toBuilder().latency(latency).build();
  }

  public AgentConfig withTokens(TokenRange tokens) {
    return toBuilder().tokens(tokens).build();
  }

  public AgentConfig withTokensPerSecond(double tokensPerSecond) {
    return toBuilder().tokensPerSecond(tokensPerSecond).build();
  }

  public AgentConfig withErrorRate(double errorRate) {
    return toBuilder().errorRate(errorRate).build();
  }

  public AgentConfig withTimeoutRate(double timeoutRate) {
    return toBuilder().timeoutRate(timeoutRate).build();
  }

  public AgentConfig withQuality(QualityModel quality) {
    return toBuilder().quality(quality).build();
  }

  public AgentConfig withFaults(Faults faults) {
    return toBuilder().faults(faults).build();
  }

  public AgentConfig withStall(StallSchedule stall) {
    return toBuilder().stall(stall).build();
  }

  public AgentConfig withSeed(long seed) {
    return toBuilder().seed(seed).build();
  }

  /** Mutable builder for {@link AgentConfig}; {@link #build()} validates. */
  public static final class Builder {
    private int port = 0;
    private String name = "agent";
    private LatencyModel latency = LatencyModel.fixed(50);
    private TokenRange tokens = TokenRange.fixed(20);
    private double tokensPerSecond = 100;
    private double errorRate = 0;
    private double timeoutRate = 0;
    private long maxHoldMillis = 120_000;
    private QualityModel quality = QualityModel.of(0.7);
    private StallSchedule stall = StallSchedule.none();
    private Faults faults = Faults.none();
    private long seed = 42;

    private Builder() {}

    private Builder(AgentConfig c) {
      port = c.port;
      name = c.name;
      latency = c.latency;
      tokens = c.tokens;
      tokensPerSecond = c.tokensPerSecond;
      errorRate = c.errorRate;
      timeoutRate = c.timeoutRate;
      maxHoldMillis = c.maxHoldMillis;
      quality = c.quality;
      stall = c.stall;
      faults = c.faults;
      seed = c.seed;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder latency(LatencyModel latency) {
      this.latency = latency;
      return this;
    }

    public Builder tokens(TokenRange tokens) {
      this.tokens = tokens;
      return this;
    }

    public Builder tokensPerSecond(double tokensPerSecond) {
      this.tokensPerSecond = tokensPerSecond;
      return this;
    }

    public Builder errorRate(double errorRate) {
      this.errorRate = errorRate;
      return this;
    }

    public Builder timeoutRate(double timeoutRate) {
      this.timeoutRate = timeoutRate;
      return this;
    }

    public Builder maxHoldMillis(long maxHoldMillis) {
      this.maxHoldMillis = maxHoldMillis;
      return this;
    }

    public Builder quality(QualityModel quality) {
      this.quality = quality;
      return this;
    }

    public Builder faults(Faults faults) {
      this.faults = faults;
      return this;
    }

    public Builder stall(StallSchedule stall) {
      this.stall = stall;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public AgentConfig build() {
      return new AgentConfig(
          port, name, latency, tokens, tokensPerSecond, errorRate, timeoutRate, maxHoldMillis, quality, stall, seed, faults);
    }
  }
}

package dev.abgw.agents;

import static dev.abgw.agents.FlagValues.doubleValue;
import static dev.abgw.agents.FlagValues.intValue;
import static dev.abgw.agents.FlagValues.longValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command-line flags of {@link SimulatedAgent#main(String[])}. One group of flags per agent; groups are
 * separated by {@code --next}. An agent without {@code --port} takes the previous agent's port + 1
 * (the first one 9001), and without {@code --name} is called {@code agent1}, {@code agent2}, ...
 */
public final class AgentFlags {

  /** Help text listing every flag. */
  public static final String USAGE = """
      usage: SimulatedAgent [flags] [--next flags]...
        --port N                 port on 127.0.0.1 (default 9001, then previous + 1; 0 = ephemeral)
        --name NAME              agent name (default agentK)
        --latency-ms MS          fixed latency before the first byte (default 50)
        --latency-median-ms MS   lognormal latency median (use with --latency-sigma)
        --latency-sigma S        lognormal log-scale standard deviation (default 0.5)
        --tokens N | MIN-MAX     completion tokens per answer (default 20)
        --tokens-per-second R    streaming pace (default 100)
        --error-rate P           probability of a 500 answer (default 0)
        --timeout-rate P         probability of never answering (default 0)
        --max-hold-ms MS         longest a never-answered request is held (default 120000)
        --quality Q              base quality in [0,1] (default 0.7)
        --segment-quality S=D    quality offset D for segment S (repeatable)
        --segment-pointer PTR    JSON Pointer of the segment in the body (default /metadata/task_type)
        --stall-every-ms MS      stall period (use with --stall-ms)
        --stall-ms MS            stall length at the end of each period
        --rate-limit-rate P      probability of a 429 answer with Retry-After (default 0)
        --max-rps N              requests per second (since start) served before the rest get 429 (default 0: no cap)
        --retry-after-s S        Retry-After of a 429 (default 1)
        --outage-ms FROM-TO      every request from FROM to TO ms after start gets 503 (repeatable)
        --seed N                 random seed (default 42)
        --next                   start the flags of another agent
        --help                   print this text
      """;

  private AgentFlags() {}

  /** Parses flags into one config per agent; an empty list means {@code --help} was asked. */
  public static List<AgentConfig> parse(String[] args) {
    List<AgentConfig> configs = new ArrayList<>();
    List<String> group = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        return List.of();
      }
      if (arg.equals("--next")) {
        configs.add(parseGroup(group, configs));
        group.clear();
      } else {
        group.add(arg);
      }
    }
    configs.add(parseGroup(group, configs));
    return List.copyOf(configs);
  }

  private static AgentConfig parseGroup(List<String> args, List<AgentConfig> before) {
    int index = before.size() + 1;
    AgentConfig.Builder builder = AgentConfig.builder()
        .port(nextPort(before))
        .name("agent" + index)
        .seed(42 + index - 1);
    Double medianMillis = null;
    double sigma = 0.5;
    long stallEvery = 0;
    long stallMillis = 0;
    QualityModel quality = QualityModel.of(0.7);
    double rateLimitRate = 0;
    int maxRps = 0;
    int retryAfter = 1;
    List<Faults.Outage> outages = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      if (!flag.startsWith("--")) {
        throw new IllegalArgumentException("agent " + index + ": expected a flag, got '" + flag + "'");
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException("agent " + index + ": flag " + flag + " needs a value");
      }
      String value = args.get(++i);
      switch (flag) {
        case "--port" -> builder.port(intValue(flag, value));
        case "--name" -> builder.name(value);
        case "--latency-ms" -> builder.latency(LatencyModel.fixed(longValue(flag, value)));
        case "--latency-median-ms" -> medianMillis = doubleValue(flag, value);
        case "--latency-sigma" -> sigma = doubleValue(flag, value);
        case "--tokens" -> builder.tokens(TokenRange.parse(value));
        case "--tokens-per-second" -> builder.tokensPerSecond(doubleValue(flag, value));
        case "--error-rate" -> builder.errorRate(doubleValue(flag, value));
        case "--timeout-rate" -> builder.timeoutRate(doubleValue(flag, value));
        case "--max-hold-ms" -> builder.maxHoldMillis(longValue(flag, value));
        case "--quality" -> quality = new QualityModel(doubleValue(flag, value), quality.segmentPointer(),
            quality.offsets());
        case "--segment-quality" -> quality = segmentOffset(quality, value);
        case "--segment-pointer" -> quality = quality.withSegmentPointer(value);
        case "--stall-every-ms" -> stallEvery = longValue(flag, value);
        case "--stall-ms" -> stallMillis = longValue(flag, value);
        case "--rate-limit-rate" -> rateLimitRate = doubleValue(flag, value);
        case "--max-rps" -> maxRps = intValue(flag, value);
        case "--retry-after-s" -> retryAfter = intValue(flag, value);
        case "--outage-ms" -> outages.add(outage(flag, value));
        case "--seed" -> builder.seed(longValue(flag, value));
        default -> throw new IllegalArgumentException("agent " + index + ": unknown flag " + flag);
      }
    }
    if (medianMillis != null) {
      builder.latency(LatencyModel.lognormal(medianMillis, sigma));
    }
    return builder.quality(quality).stall(new StallSchedule(stallEvery, stallMillis))
        .faults(new Faults(rateLimitRate, maxRps, retryAfter, outages)).build();
  }

  private static Faults.Outage outage(String flag, String value) {
    int dash = value.indexOf('-');
    if (dash <= 0) throw new IllegalArgumentException(flag + " must be FROM-TO in milliseconds (was '" + value + "')");
    return new Faults.Outage(longValue(flag, value.substring(0, dash)), longValue(flag, value.substring(dash + 1)));
  }

  private static int nextPort(List<AgentConfig> before) {
    if (before.isEmpty()) {
      return 9001;
    }
    int previous = before.get(before.size() - 1).port();
    return previous == 0 ? 0 : previous + 1;
  }

  /** One line describing a config, for the start-up banner. */
  public static String describe(AgentConfig c) {
    return String.format(Locale.ROOT,
        "latency=%s tokens=%s tps=%.0f errorRate=%.3f timeoutRate=%.3f quality=%.3f offsets=%s stall=%d/%dms seed=%d",
        c.latency(), c.tokens().min() == c.tokens().max() ? c.tokens().min() : c.tokens().min() + "-" + c.tokens().max(),
        c.tokensPerSecond(), c.errorRate(), c.timeoutRate(), c.quality().base(), c.quality().offsets(),
        c.stall().stallMillis(), c.stall().periodMillis(), c.seed());
  }

  private static QualityModel segmentOffset(QualityModel quality, String value) {
    int eq = value.lastIndexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("--segment-quality must be SEGMENT=OFFSET (was '" + value + "')");
    }
    return quality.withOffset(value.substring(0, eq), doubleValue("--segment-quality", value.substring(eq + 1)));
  }
}

package dev.abgw.loadtest;

import java.io.PrintStream;
import java.util.Objects;

/**
 * One load-generator run. Build with {@link #builder(int)}.
 *
 * <p>The run sends for {@code warmupMillis + durationMillis}, or until {@code maxRequests} requests
 * (warm-up included) have left, whichever comes first, then waits for the requests in flight (each
 * bounded by {@code requestTimeoutMillis}) and stops by itself. Only requests whose (intended) send
 * time falls after the warm-up are recorded.
 *
 * @param scenario name shown in progress lines and result tables
 * @param host loopback address to target; anything else is refused (see {@link LoopbackHost})
 * @param port target port
 * @param mode open loop (fixed schedule) or closed loop (fixed concurrency)
 * @param targetRps open loop: requests per second after any ramp; ignored in closed loop
 * @param rampFromRps open loop: rate at the start of the ramp
 * @param rampMillis open loop: ramp length from the start of the run (warm-up included); 0 for none
 * @param concurrency closed loop: number of connections each with one request in flight
 * @param connections open loop: most connections to open (requests beyond queue for one)
 * @param warmupMillis time at the start that is sent but not recorded
 * @param durationMillis recorded time after the warm-up
 * @param maxRequests most requests to send in total
 * @param requestTimeoutMillis a request without a complete response by then counts as a timeout
 * @param request what to send
 * @param hook called with every response
 * @param progress where to print the once-a-second progress line, or null for none
 */
public record LoadConfig(
    String scenario,
    String host,
    int port,
    LoadMode mode,
    double targetRps,
    double rampFromRps,
    long rampMillis,
    int concurrency,
    int connections,
    long warmupMillis,
    long durationMillis,
    long maxRequests,
    long requestTimeoutMillis,
    RequestSpec request,
    ResponseHook hook,
    PrintStream progress) {

  /** Longest run accepted: one day. */
  public static final long MAX_DURATION_MILLIS = 86_400_000L;

  public LoadConfig {
    if (scenario == null || scenario.isBlank()) {
      throw new IllegalArgumentException("scenario must not be blank (was '" + scenario + "')");
    }
    host = LoopbackHost.require(host);
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 1 and 65535 (was " + port + ")");
    }
    Objects.requireNonNull(mode, "mode must not be null");
    Objects.requireNonNull(request, "request must not be null");
    hook = hook == null ? ResponseHook.none() : hook;
    if (mode == LoadMode.OPEN_LOOP) {
      new ArrivalSchedule(rampFromRps, targetRps, rampMillis);
    }
    if (concurrency < 1 || concurrency > 10_000) {
      throw new IllegalArgumentException("concurrency must be between 1 and 10000 (was " + concurrency + ")");
    }
    if (connections < 1 || connections > 10_000) {
      throw new IllegalArgumentException("connections must be between 1 and 10000 (was " + connections + ")");
    }
    if (warmupMillis < 0 || warmupMillis > MAX_DURATION_MILLIS) {
      throw new IllegalArgumentException(
          "warmupMillis must be between 0 and " + MAX_DURATION_MILLIS + " (was " + warmupMillis + ")");
    }
    if (durationMillis < 1 || durationMillis > MAX_DURATION_MILLIS) {
      throw new IllegalArgumentException(
          "durationMillis must be between 1 and " + MAX_DURATION_MILLIS + " (was " + durationMillis + ")");
    }
    if (maxRequests < 1) {
      throw new IllegalArgumentException("maxRequests must be >= 1 (was " + maxRequests + ")");
    }
    if (requestTimeoutMillis < 1 || requestTimeoutMillis > 600_000) {
      throw new IllegalArgumentException(
          "requestTimeoutMillis must be between 1 and 600000 (was " + requestTimeoutMillis + ")");
    }
  }

  /**
   * Defaults: scenario "load", host 127.0.0.1, open loop at 100 rps without ramp, 16 closed-loop
   * connections, at most 256 open-loop connections, no warm-up, 10 s, at most 10 million requests,
   * 30 s request timeout, {@code GET /health}, no hook, progress on stderr.
   */
  public static Builder builder(int port) {
    return new Builder(port);
  }

  /** The open-loop schedule of this config. */
  public ArrivalSchedule schedule() {
    return new ArrivalSchedule(rampMillis == 0 ? targetRps : rampFromRps, targetRps, rampMillis);
  }

  /** Mutable builder for {@link LoadConfig}; {@link #build()} validates. */
  public static final class Builder {
    private String scenario = "load";
    private String host = "127.0.0.1";
    private final int port;
    private LoadMode mode = LoadMode.OPEN_LOOP;
    private double targetRps = 100;
    private double rampFromRps = 0;
    private long rampMillis = 0;
    private int concurrency = 16;
    private int connections = 256;
    private long warmupMillis = 0;
    private long durationMillis = 10_000;
    private long maxRequests = 10_000_000;
    private long requestTimeoutMillis = 30_000;
    private RequestSpec request = RequestSpec.get("/health");
    private ResponseHook hook = ResponseHook.none();
    private PrintStream progress = System.err;

    private Builder(int port) {
      this.port = port;
    }

    public Builder scenario(String scenario) {
      this.scenario = scenario;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** Open loop at {@code rps} requests per second. */
    public Builder openLoop(double rps) {
      this.mode = LoadMode.OPEN_LOOP;
      this.targetRps = rps;
      return this;
    }

    /** Closed loop with {@code concurrency} connections. */
    public Builder closedLoop(int concurrency) {
      this.mode = LoadMode.CLOSED_LOOP;
      this.concurrency = concurrency;
      return this;
    }

    /** Linear ramp from {@code fromRps} to the target rate over the first {@code rampMillis}. */
    public Builder ramp(double fromRps, long rampMillis) {
      this.rampFromRps = fromRps;
      this.rampMillis = rampMillis;
      return this;
    }

    public Builder connections(int connections) {
      this.connections = connections;
      return this;
    }

    public Builder warmupMillis(long warmupMillis) {
      this.warmupMillis = warmupMillis;
      return this;
    }

    public Builder durationMillis(long durationMillis) {
      this.durationMillis = durationMillis;
      return this;
    }

    public Builder maxRequests(long maxRequests) {
      this.maxRequests = maxRequests;
      return this;
    }

    public Builder requestTimeoutMillis(long requestTimeoutMillis) {
      this.requestTimeoutMillis = requestTimeoutMillis;
      return this;
    }

    public Builder request(RequestSpec request) {
      this.request = request;
      return this;
    }

    public Builder hook(ResponseHook hook) {
      this.hook = hook;
      return this;
    }

    /** Where progress lines go; null for none. */
    public Builder progress(PrintStream progress) {
      this.progress = progress;
      return this;
    }

    public LoadConfig build() {
      return new LoadConfig(scenario, host, port, mode, targetRps, rampFromRps, rampMillis, concurrency,
          connections, warmupMillis, durationMillis, maxRequests, requestTimeoutMillis, request, hook, progress);
    }
  }
}

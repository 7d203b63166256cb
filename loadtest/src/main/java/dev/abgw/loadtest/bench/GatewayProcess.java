package dev.abgw.loadtest.bench;

import dev.abgw.experiments.ExperimentJson;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as it is deployed: its own JVM ({@code abgw serve}, embedded store, the bench experiment in an
 * experiments directory, one event loop unless told otherwise), so it competes with the load generator and
 * the backend only for CPU, as nginx does, and not for their heap, GC and JIT threads.
 */
final class GatewayProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;
  private long startupMillis;
  private long readyEpochMillis;

  private GatewayProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  static GatewayProcess start(int backendPort, int eventLoops, String jvmOptions) throws Exception {
    return start(backendPort, eventLoops, jvmOptions, true);
  }

  /**
   * Starts {@code abgw serve} on the bench JVM's own {@code java} with the options {@code ./abgw serve} would
   * use ({@link #defaultOptions}), then {@code jvmOptions} (space-separated; one that picks a collector,
   * {@code -XX:+Use...GC}, replaces the default collector and the cache, which was built for it), and waits
   * until its admin API reports the experiment and {@code /health/ready} answers 200 (after the self warm-up).
   *
   * @param useCache whether to pass the class-data/AOT cache that {@code ./abgw} built ({@code -Dabgw.gateway.cache})
   */
  static GatewayProcess start(int backendPort, int eventLoops, String jvmOptions, boolean useCache) throws Exception {
    return start(backendPort, eventLoops, jvmOptions, useCache, List.of());
  }

  /** As above, with {@code serveArgs} appended to {@code abgw serve}'s flags (e.g. {@code --warmup-requests 0}). */
  static GatewayProcess start(int backendPort, int eventLoops, String jvmOptions, boolean useCache,
      List<String> serveArgs) throws Exception {
    Path dir = Files.createTempDirectory("abgw-bench-proc-");
    Path experiments = Files.createDirectories(dir.resolve("experiments"));
    Files.writeString(experiments.resolve("bench.json"), ExperimentJson.toJson(BenchGateway.experiment(backendPort)));
    int port = freePort();
    int adminPort = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx1g"));
    command.addAll(jvmCommand(jvmOptions, useCache));
    command.addAll(List.of("-jar", cliJar().toString(), "serve", "--bind", "127.0.0.1", "--port", Integer.toString(port),
        "--admin-port", Integer.toString(adminPort), "--dev-no-auth", "--data", dir.resolve("data").toString(),
        "--experiments", experiments.toString(), "--event-loops", Integer.toString(eventLoops)));
    command.addAll(serveArgs);
    long startNanos = System.nanoTime();
    Process p = ChildProcesses.stopOnExit(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile()).start());
    GatewayProcess g = new GatewayProcess(p, port, dir);
    g.awaitHealthy(adminPort);
    g.startupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    g.readyEpochMillis = System.currentTimeMillis();
    return g;
  }

  /**
   * The gateway's JVM options as {@code ./abgw serve} has them ({@code -Dabgw.gateway.jvm}, which {@code ./abgw bench}
   * sets: the initial heap and the default collector of that JDK), or {@code -Xms256m} without {@code ./abgw}.
   */
  static List<String> defaultOptions() {
    return split(System.getProperty("abgw.gateway.jvm", "-Xms256m"));
  }

  /** The cache option {@code ./abgw} built ({@code -XX:AOTCache=...} or {@code -XX:SharedArchiveFile=...}), or null. */
  static String cacheOption() {
    String c = System.getProperty("abgw.gateway.cache", "").trim();
    return c.isEmpty() ? null : c;
  }

  static List<String> jvmCommand(String jvmOptions, boolean useCache) {
    List<String> extra = split(jvmOptions);
    boolean ownCollector = extra.stream().anyMatch(GatewayProcess::picksCollector);
    List<String> out = new java.util.ArrayList<>();
    for (String o : defaultOptions()) {
      if (!(ownCollector && picksCollector(o))) out.add(o);
    }
    if (useCache && !ownCollector && cacheOption() != null) out.add(cacheOption());
    out.addAll(extra);
    return out;
  }

  private static boolean picksCollector(String option) {
    return option.matches("-XX:\\+Use\\w+GC");
  }

  private static List<String> split(String options) {
    String t = options == null ? "" : options.trim();
    return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
  }

  /**
   * The jar users run ({@code cli/target/abgw.jar}): {@code ./abgw bench} passes it as {@code -Dabgw.cli.jar};
   * otherwise it is looked up from the working directory, the checkout's root.
   */
  static Path cliJar() {
    String configured = System.getProperty("abgw.cli.jar");
    Path jar = configured != null ? Path.of(configured) : Path.of("cli", "target", "abgw.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("the gateway process runs the cli jar, and " + jar.toAbsolutePath()
          + " does not exist: build it with `mvn -q -pl cli -am package -DskipTests` or run through ./abgw bench");
    }
    return jar;
  }

  private void awaitHealthy(int adminPort) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("gateway process exited: " + Files.readString(dir.resolve("gateway.log")));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health"))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("\"experiments\":1")) {
          HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort
              + "/health/ready")).timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
          if (ready.statusCode() == 200) return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(50);
    }
    close();
    throw new IllegalStateException("gateway process did not become healthy within 30 s; log in " + dir);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  /** What the gateway process printed so far (its log and the JVM's own warnings). */
  String logText() throws IOException {
    return Files.readString(dir.resolve("gateway.log"));
  }

  /** From starting the JVM to its admin API answering ready with the experiment loaded (the self warm-up included). */
  long startupMillis() {
    return startupMillis;
  }

  /** Wall-clock time when it was first seen ready (to line up with a JFR recording of the gateway). */
  long readyEpochMillis() {
    return readyEpochMillis;
  }

  /** The gateway's process (its CPU time, say). */
  ProcessHandle handle() {
    return process.toHandle();
  }

  /** CPU time the gateway process has used so far (all threads), in ms, or -1 where the OS does not say. */
  long cpuMillis() {
    return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
  }

  /** Resident memory of the gateway process, in MiB (from /proc), or -1 where /proc is not there. */
  double rssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /**
   * Stops the gateway and deletes its directory (its embedded log grows by hundreds of MB per run), keeping
   * only {@code gateway.log}, moved to {@code <tmp>/abgw-bench-gateway-<pid>.log} when the process failed.
   */
  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    int exit = process.exitValue();
    // 143 = stopped by our SIGTERM, the normal end.
    if (exit != 0 && exit != 143) {
      Path kept = dir.resolveSibling("abgw-bench-gateway-" + process.pid() + ".log");
      Files.move(dir.resolve("gateway.log"), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      System.err.println("gateway process exited with " + exit + "; its log: " + kept);
    }
    BenchGateway.deleteTree(dir);
  }
}

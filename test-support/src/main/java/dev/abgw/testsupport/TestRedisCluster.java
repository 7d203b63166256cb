package dev.abgw.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving tests a real 3-master Redis Cluster on loopback, so the store's cluster mode is
 * tested by {@code mvn -B test} alone on a machine that only has {@code redis-server} and {@code redis-cli}.
 *
 * <p>Which cluster, decided once per JVM on the first {@link #url()}:
 * <ol>
 *   <li>{@code REDIS_CLUSTER_URL} when set (e.g. {@code redis+cluster://10.0.0.1:7000,10.0.0.2:7000}; nothing is started);
 *   <li>else three {@code redis-server --cluster-enabled yes} children in a temp dir, on the first free
 *       loopback ports from {@code -Dabgw.test.redis-cluster.base-port} (default {@value #DEFAULT_BASE_PORT})
 *       whose cluster bus port (+10000) is free too, joined by {@code redis-cli --cluster create ...
 *       --cluster-replicas 0 --cluster-yes}; the URL answers once {@code CLUSTER INFO} says
 *       {@code cluster_state:ok} on every node.
 * </ol>
 * Started servers stop when the JUnit run closes (with {@code @ExtendWith(TestRedisCluster.class)}) and at JVM
 * exit in any case. Tests isolate themselves by key prefix.
 */
public final class TestRedisCluster implements BeforeAllCallback {
  public static final String BASE_PORT_PROPERTY = "abgw.test.redis-cluster.base-port";
  static final int DEFAULT_BASE_PORT = 30001;
  private static final int MASTERS = 3;
  private static final long READY_TIMEOUT_MILLIS = 20_000;
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestRedisCluster.class);

  private static String url;
  private static List<Integer> ports = List.of();
  private static final List<Process> started = new ArrayList<>();
  private static Path dir;

  /** The cluster's URL ({@code redis+cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3}), starting it the first time. */
  public static synchronized String url() {
    if (url == null) url = resolve();
    return url;
  }

  /** The masters' {@code redis://} URLs when this JVM started the cluster (empty when it uses REDIS_CLUSTER_URL). */
  public static synchronized List<String> nodeUrls() {
    url();
    return ports.stream().map(p -> "redis://127.0.0.1:" + p).toList();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    url();
    context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Stopper.class, k -> new Stopper(), Stopper.class);
  }

  private static String resolve() {
    String env = System.getenv("REDIS_CLUSTER_URL");
    if (env != null && !env.isBlank()) return env;
    int base = Integer.getInteger(BASE_PORT_PROPERTY, DEFAULT_BASE_PORT);
    try {
      dir = Files.createTempDirectory("abgw-test-redis-cluster");
      List<Integer> chosen = freePorts(base, MASTERS);
      Runtime.getRuntime().addShutdownHook(new Thread(TestRedisCluster::stop, "abgw-test-redis-cluster-stop"));
      for (int port : chosen) started.add(startNode(port));
      for (int port : chosen) waitForPing(port);
      create(chosen);
      for (int port : chosen) waitForClusterOk(port);
      ports = chosen;
      System.err.println("TestRedisCluster: started 3 masters on 127.0.0.1:" + chosen + " in " + dir);
      StringBuilder u = new StringBuilder("redis+cluster://");
      for (int i = 0; i < chosen.size(); i++) u.append(i == 0 ? "" : ",").append("127.0.0.1:").append(chosen.get(i));
      return u.toString();
    } catch (IOException e) {
      stop();
      throw new IllegalStateException("cannot start a Redis Cluster (" + e.getMessage() + "): "
          + RedisServerProcess.INSTALL_HINT + " (redis-cli too), or set REDIS_CLUSTER_URL", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      throw new IllegalStateException("interrupted while starting the Redis Cluster", e);
    }
  }

  /** {@code count} ports from {@code base} up, each free with its cluster bus port ({@code +10000}) free too. */
  private static List<Integer> freePorts(int base, int count) throws IOException {
    List<Integer> out = new ArrayList<>();
    for (int p = base; p < base + 500 && out.size() < count; p++) {
      if (free(p) && free(p + 10_000)) out.add(p);
    }
    if (out.size() < count) throw new IOException("no " + count + " free loopback ports (with bus port +10000) from " + base);
    return out;
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Process startNode(int port) throws IOException {
    Path nodeDir = Files.createDirectories(dir.resolve(String.valueOf(port)));
    return new ProcessBuilder(List.of(System.getProperty(TestRedis.BINARY_PROPERTY, "redis-server"),
        "--port", String.valueOf(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000", "--save", "", "--appendonly", "no",
        "--dir", nodeDir.toString(), "--daemonize", "no"))
        .redirectErrorStream(true).redirectOutput(nodeDir.resolve("redis.log").toFile()).start();
  }

  private static void waitForPing(int port) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
    while (!RedisPing.answers("127.0.0.1", port)) {
      if (System.currentTimeMillis() > deadline) throw new IOException("redis-server on " + port + " does not answer PING; "
          + "its log: " + log(port));
      Thread.sleep(20);
    }
  }

  private static void create(List<Integer> chosen) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(System.getProperty("abgw.test.redis-cli", "redis-cli"), "--cluster", "create"));
    for (int p : chosen) cmd.add("127.0.0.1:" + p);
    cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Path out = dir.resolve("create.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("redis-cli --cluster create failed: " + Files.readString(out).strip());
    }
  }

  private static void waitForClusterOk(int port) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
    while (true) {
      String info = RedisPing.command("127.0.0.1", port, "CLUSTER INFO");
      if (info != null && info.contains("cluster_state:ok")) return;
      if (System.currentTimeMillis() > deadline) throw new IOException("the cluster node on " + port
          + " did not reach cluster_state:ok within " + READY_TIMEOUT_MILLIS + " ms: " + info);
      Thread.sleep(50);
    }
  }

  private static String log(int port) {
    try {
      return Files.readString(dir.resolve(port + "/redis.log")).strip();
    } catch (IOException e) {
      return "(none)";
    }
  }

  static synchronized void stop() {
    for (Process p : started) p.destroy();
    for (Process p : started) {
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    started.clear();
    if (dir != null) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException ignored) {
        // a temp dir left behind is harmless
      }
      dir = null;
    }
    url = null;
    ports = List.of();
  }

  /** Closed by JUnit when the root context closes: the end of the run in this JVM. */
  private static final class Stopper implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      stop();
    }
  }
}

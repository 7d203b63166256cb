package dev.abgw.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving tests a Redis without anything set up beforehand, so {@code mvn -B test}
 * passes on a fresh machine that only has {@code redis-server} installed.
 *
 * <p>Which Redis, decided once per JVM on the first {@link #url()}:
 * <ol>
 *   <li>{@code REDIS_URL} when set (an existing server; nothing is started);
 *   <li>else {@code redis://127.0.0.1:6379} when something there answers PING;
 *   <li>else a {@code redis-server} child process on a free loopback port ({@link RedisServerProcess}),
 *       stopped when the test run ends.
 * </ol>
 * The system property {@code abgw.test.redis=spawn} (e.g. {@code mvn -B test -Dabgw.test.redis=spawn})
 * skips the first two and always starts its own; {@code abgw.test.redis-server} names the binary
 * (default {@code redis-server} on {@code PATH}).
 *
 * <p>Register it with {@code @ExtendWith(TestRedis.class)} on a class that uses Redis: the extension
 * then stops a started server when the whole JUnit run closes (the root context's store). A started
 * server is also stopped by a JVM shutdown hook, so a caller of {@link #url()} that forgot the
 * annotation, or a run killed by Ctrl-C, leaves no process behind. Tests still isolate themselves by
 * key prefix, because the first two choices are shared servers.
 */
public final class TestRedis implements BeforeAllCallback {
  public static final String MODE_PROPERTY = "abgw.test.redis";
  public static final String BINARY_PROPERTY = "abgw.test.redis-server";

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestRedis.class);
  private static final String DEFAULT_URL = "redis://127.0.0.1:6379";

  private static String url;
  private static RedisServerProcess started;

  /** The Redis URL for this JVM's tests, starting a server the first time if none is there. */
  public static synchronized String url() {
    if (url == null) url = resolve();
    return url;
  }

  /** The server this JVM started, or null when the tests use an existing one. */
  public static synchronized RedisServerProcess started() {
    return started;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    url();
    context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Stopper.class, k -> new Stopper(), Stopper.class);
  }

  private static String resolve() {
    String mode = System.getProperty(MODE_PROPERTY, "auto");
    switch (mode) {
      case "auto" -> {
        String env = System.getenv("REDIS_URL");
        if (env != null && !env.isBlank()) return env;
        if (RedisPing.answers("127.0.0.1", 6379)) return DEFAULT_URL;
      }
      case "spawn" -> { }
      default -> throw new IllegalArgumentException(
          "-D" + MODE_PROPERTY + " must be 'auto' or 'spawn' (was '" + mode + "')");
    }
    RedisServerProcess server = RedisServerProcess.start(System.getProperty(BINARY_PROPERTY, "redis-server"));
    started = server;
    Runtime.getRuntime().addShutdownHook(new Thread(TestRedis::stop, "abgw-test-redis-stop"));
    System.err.println("TestRedis: started redis-server pid " + server.pid() + " on " + server.url()
        + (mode.equals("spawn") ? " (-D" + MODE_PROPERTY + "=spawn)" : " (REDIS_URL unset, nothing on 6379)"));
    return server.url();
  }

  static synchronized void stop() {
    if (started != null) {
      started.close();
      started = null;
      url = null;
    }
  }

  /** Closed by JUnit when the root context closes: the end of the run in this JVM. */
  private static final class Stopper implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      stop();
    }
  }
}

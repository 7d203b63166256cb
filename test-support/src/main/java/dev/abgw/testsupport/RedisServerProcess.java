package dev.abgw.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} child process on a free loopback port, with nothing persisted ({@code --save ""
 * --appendonly no}) and its working directory in a temp dir that {@link #close()} deletes.
 */
public final class RedisServerProcess implements AutoCloseable {
  /** How to install the server when it is missing, for the error message. */
  static final String INSTALL_HINT = "install it (Debian/Ubuntu: sudo apt-get install -y redis-server) or set REDIS_URL";

  private static final long START_TIMEOUT_MILLIS = 10_000;
  private static final int PORT_ATTEMPTS = 5;

  private final Process process;
  private final int port;
  private final Path dir;

  private RedisServerProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /**
   * Starts {@code binary} (a path or a name looked up on {@code PATH}) and waits until it answers PING.
   * A port taken between choosing and binding (another process won the race) is retried on a new port.
   */
  public static RedisServerProcess start(String binary) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      try {
        return startOnce(binary, freeLoopbackPort());
      } catch (IOException e) {
        throw new IllegalStateException("no free loopback port: " + e.getMessage(), e);
      } catch (IllegalStateException e) {
        last = e;
        if (e.getCause() instanceof IOException) break; // the binary itself cannot run: no retry helps
      }
    }
    throw last;
  }

  static RedisServerProcess startOnce(String binary, int port) {
    Path dir = null;
    Process process = null;
    try {
      dir = Files.createTempDirectory("abgw-test-redis");
      process = new ProcessBuilder(List.of(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"))
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis.log").toFile())
          .start();
      long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
      while (System.currentTimeMillis() < deadline) {
        // Ours only if the server answering is this process: another one may have taken the port first.
        Long pid = RedisPing.processId("127.0.0.1", port);
        if (pid != null && pid == process.pid()) return new RedisServerProcess(process, port, dir);
        if (!process.isAlive()) break;
        Thread.sleep(20);
      }
      String why = process.isAlive() ? "no answer within " + START_TIMEOUT_MILLIS + " ms" : "it exited";
      String log = Files.readString(dir.resolve("redis.log"));
      stop(process);
      deleteTree(dir);
      throw new IllegalStateException("redis-server did not come up on 127.0.0.1:" + port + " (" + why
          + "); its output: " + log.strip());
    } catch (IOException e) {
      if (process != null) stop(process);
      if (dir != null) deleteTree(dir);
      throw new IllegalStateException("cannot run '" + binary + "' (" + e.getMessage() + "): " + INSTALL_HINT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (process != null) stop(process);
      throw new IllegalStateException("interrupted while starting redis-server", e);
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  Path dir() {
    return dir;
  }

  /** SIGTERM, then SIGKILL after 5 s, then the temp dir. */
  @Override
  public void close() {
    stop(process);
    deleteTree(dir);
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}

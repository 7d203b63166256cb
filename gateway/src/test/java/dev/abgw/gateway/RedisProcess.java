package dev.abgw.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A redis-server of the test's own, on a loopback port of 6400-6419, persisting to a temp directory with
 * appendonly on (as the README recommends), so it can be killed, stopped and restarted under load. A JVM
 * shutdown hook kills it if the test does not.
 */
public final class RedisProcess implements AutoCloseable {
  public static final String BINARY = "/usr/bin/redis-server";

  private final int port;
  private final Path dir;
  private Process process;
  private final Thread hook = new Thread(this::kill);

  public RedisProcess(int port) throws IOException {
    if (port < 6400 || port > 6419) throw new IllegalArgumentException("test Redis ports are 6400-6419 (was " + port + ")");
    this.port = port;
    this.dir = Files.createTempDirectory("abgw-redis-" + port);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  public static boolean available() {
    return Files.isExecutable(Path.of(BINARY));
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts (or restarts, replaying its append-only file) and returns once it answers PING. */
  public RedisProcess start() throws Exception {
    process = new ProcessBuilder(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
        "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--protected-mode", "no")
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (ping()) return this;
      Thread.sleep(20);
    }
    throw new IllegalStateException("redis-server on port " + port + " did not answer PING within 10 s");
  }

  private boolean ping() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[16];
      int n = in.read(buf);
      return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGKILL: no chance to write anything more. */
  public void kill() {
    if (process == null) return;
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGSTOP: the server holds its connections and answers nothing. */
  public void pause() throws Exception {
    signal("STOP");
  }

  /** SIGCONT: it carries on with what it was sent meanwhile. */
  public void resume() throws Exception {
    signal("CONT");
  }

  private void signal(String name) throws Exception {
    int rc = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    if (rc != 0) throw new IllegalStateException("kill -" + name + " failed: " + rc);
  }

  @Override
  public void close() {
    try {
      resume();
    } catch (Exception ignored) {
      // not stopped, or already gone
    }
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }
}

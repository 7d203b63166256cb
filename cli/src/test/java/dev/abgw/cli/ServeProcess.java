package dev.abgw.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code abgw serve} as a real process: the JVM running the tests, with the test classpath, started on
 * {@link Main}; a test can wait for its startup line and read its
 * shutdown line. Stderr goes to a file, not a pipe, so nothing the process writes is lost however it ends.
 */
final class ServeProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("proxy on [^:]+:(\\d+), admin API on [^:]+:(\\d+)");

  final Process process;
  private final java.nio.file.Path stderrFile;

  private ServeProcess(Process process, java.nio.file.Path stderrFile) {
    this.process = process;
    this.stderrFile = stderrFile;
  }

  static ServeProcess start(Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.java(), "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    cmd.addAll(List.of(args));
    java.nio.file.Path err = java.nio.file.Files.createTempFile("abgw-serve", ".stderr");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile());
    pb.environment().remove("REDIS_URL");
    pb.environment().remove("ABGW_ADMIN_TOKEN");
    pb.environment().putAll(env);
    return new ServeProcess(pb.start(), err);
  }

  /** Waits for the startup line; returns {proxy port, admin port}. */
  int[] awaitListening(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : stderr()) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
      }
      if (!process.isAlive()) break;
      Thread.sleep(20);
    }
    throw new AssertionError("abgw serve did not print its startup line; stderr: " + stderr());
  }

  /** Waits for the process to end; returns its exit status, or fails the test after {@code timeout}. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("abgw serve still running after " + timeout + "; stderr: " + stderr());
    }
    return process.exitValue();
  }

  List<String> stderr() {
    try {
      return java.nio.file.Files.readAllLines(stderrFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      java.nio.file.Files.deleteIfExists(stderrFile);
    } catch (IOException ignored) {
      // A temp file.
    }
  }

  private static final class Path {
    static String java() {
      return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
  }
}

package dev.abgw.loadtest.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A peer proxy (nginx, HAProxy) run as a child process of the peer benchmark: finding and installing its binary,
 * starting it on a free loopback port, waiting until it listens, and stopping it. {@link NginxProcess} and
 * {@link HaproxyProcess} only write their configuration and command line.
 */
final class PeerProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private PeerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** {@code name} on the PATH, else {@code fallback}. */
  static String onPath(String name, String fallback) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, name))) return Path.of(dir, name).toString();
    }
    return fallback;
  }

  /**
   * Installs Debian's {@code aptPackage} with apt-get when {@code binary} is missing and apt-get is there (the box
   * this benchmark targets runs as root on Debian); otherwise says how to get it ({@code flag} names another binary).
   */
  static void installIfMissing(String binary, String name, String aptPackage, String flag)
      throws IOException, InterruptedException {
    if (Files.isExecutable(Path.of(binary))) return;
    if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
      throw new IllegalStateException(name + " not found at " + binary + " and no apt-get to install it: install"
          + " " + name + " or pass " + flag + " PATH");
    }
    System.out.println(name + " not found at " + binary + ": installing " + aptPackage + " with apt-get...");
    for (List<String> cmd : List.of(List.of("apt-get", "update", "-q"),
        List.of("apt-get", "install", "-y", "-q", aptPackage))) {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("'" + String.join(" ", cmd) + "' failed; install " + aptPackage + " yourself"
            + " or pass " + flag + " PATH");
      }
    }
    if (!Files.isExecutable(Path.of(binary))) {
      throw new IllegalStateException(aptPackage + " installed but " + binary + " is still missing; pass " + flag + " PATH");
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts {@code command} (output to {@code log}), stopped with the bench JVM, and waits up to 10 s until it
   * listens on 127.0.0.1:{@code port}; {@code whyExited} says where to look when it exits first.
   */
  static PeerProcess start(String name, ProcessBuilder command, Path log, int port, Supplier<String> whyExited)
      throws IOException, InterruptedException {
    Process p = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ChildProcesses.stopOnExit(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) throw new IllegalStateException(name + " exited with " + p.exitValue() + whyExited.get());
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new PeerProcess(p, port);
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException(name + " did not listen on 127.0.0.1:" + port + " within 10 s");
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}

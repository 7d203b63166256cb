package dev.abgw.loadtest.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy as a subprocess for the peer benchmark: a generated {@code haproxy.cfg} under {@code dir},
 * listening on a free loopback port, choosing between two servers (the gateway's two variants, both on the
 * backend port) by a hash of the {@code X-User} header ({@code balance hdr(X-User)}), the chosen server's
 * name going back as {@code X-Variant}, keep-alive on both sides ({@code http-reuse always}). Runs in the
 * foreground ({@code -db}) so closing it is stopping the child process.
 */
final class HaproxyProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private HaproxyProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static String defaultBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "haproxy"))) {
        return Path.of(dir, "haproxy").toString();
      }
    }
    return "/usr/sbin/haproxy";
  }

  /** Installs Debian's haproxy with apt-get when {@code binary} is missing, as {@link NginxProcess} does for nginx. */
  static void installIfMissing(String binary) throws IOException, InterruptedException {
    if (Files.isExecutable(Path.of(binary))) return;
    if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
      throw new IllegalStateException("haproxy not found at " + binary + " and no apt-get to install it: install"
          + " haproxy or pass --haproxy PATH");
    }
    System.out.println("haproxy not found at " + binary + ": installing haproxy with apt-get...");
    for (List<String> cmd : List.of(List.of("apt-get", "update", "-q"), List.of("apt-get", "install", "-y", "-q", "haproxy"))) {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("'" + String.join(" ", cmd) + "' failed; install haproxy yourself or pass --haproxy PATH");
      }
    }
    if (!Files.isExecutable(Path.of(binary))) {
      throw new IllegalStateException("haproxy installed but " + binary + " is still missing; pass --haproxy PATH");
    }
  }

  static HaproxyProcess start(String binary, Path dir, int backendPort, int threads) throws IOException, InterruptedException {
    installIfMissing(binary);
    Path abs = dir.toAbsolutePath();
    Files.createDirectories(abs);
    int port = freePort();
    Path conf = abs.resolve("haproxy.cfg");
    Files.writeString(conf, config(port, backendPort, threads));
    Process p = new ProcessBuilder(binary, "-db", "-f", conf.toString())
        .redirectErrorStream(true).redirectOutput(abs.resolve("haproxy.log").toFile()).start();
    ChildProcesses.stopOnExit(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("haproxy exited with " + p.exitValue() + ": " + Files.readString(abs.resolve("haproxy.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new HaproxyProcess(p, port);
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("haproxy did not listen on 127.0.0.1:" + port + " within 10 s");
  }

  static String config(int port, int backendPort, int threads) {
    return String.join("\n", List.of(
        "global",
        "  nbthread " + threads,
        "  maxconn 8192",
        "defaults",
        "  mode http",
        "  option http-keep-alive",
        "  http-reuse always",
        "  timeout connect 5s",
        "  timeout client 60s",
        "  timeout server 60s",
        "  timeout http-keep-alive 60s",
        "frontend bench",
        "  bind 127.0.0.1:" + port,
        "  default_backend variants",
        "backend variants",
        "  balance hdr(" + BenchGateway.UNIT_HEADER + ")",
        "  http-response set-header X-Variant %[srv_name]",
        "  server a 127.0.0.1:" + backendPort,
        "  server b 127.0.0.1:" + backendPort,
        ""));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
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

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
 * nginx as a subprocess for the peer benchmark: a generated {@code nginx.conf} under {@code dir} with its
 * own pid, log and temp paths, listening on a free loopback port, splitting units 50/50 on the
 * {@code X-User} header with {@code split_clients} (the variant goes upstream as {@code X-Variant}) and
 * proxying to the backend over keep-alive connections. Runs with {@code daemon off} so closing it is
 * stopping the child process.
 */
final class NginxProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private NginxProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static String defaultBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "nginx"))) {
        return Path.of(dir, "nginx").toString();
      }
    }
    return "/usr/sbin/nginx";
  }

  /**
   * Installs nginx-light with apt-get when {@code binary} is missing and apt-get is there (the box this
   * benchmark targets runs as root on Debian); otherwise says how to get it.
   */
  static void installIfMissing(String binary) throws IOException, InterruptedException {
    if (Files.isExecutable(Path.of(binary))) return;
    if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
      throw new IllegalStateException("nginx not found at " + binary + " and no apt-get to install it: install"
          + " nginx or pass --nginx PATH");
    }
    System.out.println("nginx not found at " + binary + ": installing nginx-light with apt-get...");
    for (List<String> cmd : List.of(List.of("apt-get", "update", "-q"),
        List.of("apt-get", "install", "-y", "-q", "nginx-light"))) {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("'" + String.join(" ", cmd) + "' failed; install nginx-light yourself"
            + " or pass --nginx PATH");
      }
    }
    if (!Files.isExecutable(Path.of(binary))) {
      throw new IllegalStateException("nginx-light installed but " + binary + " is still missing; pass --nginx PATH");
    }
  }

  static NginxProcess start(String binary, Path dir, int backendPort, int workers) throws IOException, InterruptedException {
    installIfMissing(binary);
    Path abs = dir.toAbsolutePath();
    Files.createDirectories(abs.resolve("logs"));
    Files.createDirectories(abs.resolve("tmp"));
    int port = freePort();
    Path conf = abs.resolve("nginx.conf");
    Files.writeString(conf, config(abs, port, backendPort, workers));
    Process p = new ProcessBuilder(binary, "-p", abs.toString(), "-c", conf.toString(), "-g", "daemon off;")
        .redirectErrorStream(true).redirectOutput(abs.resolve("logs/stdout.log").toFile()).start();
    ChildProcesses.stopOnExit(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("nginx exited with " + p.exitValue() + "; see " + abs.resolve("logs"));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new NginxProcess(p, port);
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("nginx did not listen on 127.0.0.1:" + port + " within 10 s");
  }

  static String config(Path dir, int port, int backendPort, int workers) {
    return String.join("\n", List.of(
        "worker_processes " + workers + ";",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("logs/error.log") + " warn;",
        "events { worker_connections 4096; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path " + dir.resolve("tmp/body") + ";",
        "  proxy_temp_path " + dir.resolve("tmp/proxy") + ";",
        "  fastcgi_temp_path " + dir.resolve("tmp/fastcgi") + ";",
        "  uwsgi_temp_path " + dir.resolve("tmp/uwsgi") + ";",
        "  scgi_temp_path " + dir.resolve("tmp/scgi") + ";",
        "  split_clients \"${http_x_user}\" $variant { 50% a; * b; }",
        "  upstream backend { server 127.0.0.1:" + backendPort + "; keepalive 256; }",
        "  server {",
        "    listen 127.0.0.1:" + port + ";",
        "    keepalive_requests 1000000;",
        "    location / {",
        "      proxy_http_version 1.1;",
        "      proxy_set_header Connection \"\";",
        "      proxy_set_header X-Variant $variant;",
        "      proxy_pass http://backend;",
        "      add_header X-Variant $variant;",
        "    }",
        "  }",
        "}",
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

package dev.abgw.loadtest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * HAProxy as a subprocess for the peer benchmark: a generated {@code haproxy.cfg} under {@code dir},
 * listening on a free loopback port, choosing between two servers (the gateway's two variants, both on the
 * backend port) by a hash of the {@code X-User} header ({@code balance hdr(X-User)}), the chosen server's
 * name going back as {@code X-Variant}, keep-alive on both sides ({@code http-reuse always}). Runs in the
 * foreground ({@code -db}) so closing it is stopping the child process.
 */
final class HaproxyProcess implements AutoCloseable {

  private final PeerProcess process;

  private HaproxyProcess(PeerProcess process) {
    this.process = process;
  }

  static String defaultBinary() {
    return PeerProcess.onPath("haproxy", "/usr/sbin/haproxy");
  }

  static HaproxyProcess start(String binary, Path dir, int backendPort, int threads) throws IOException, InterruptedException {
    PeerProcess.installIfMissing(binary, "haproxy", "haproxy", "--haproxy");
    Path abs = dir.toAbsolutePath();
    Files.createDirectories(abs);
    int port = PeerProcess.freePort();
    Path conf = abs.resolve("haproxy.cfg");
    Files.writeString(conf, config(port, backendPort, threads));
    Path log = abs.resolve("haproxy.log");
    return new HaproxyProcess(PeerProcess.start("haproxy", new ProcessBuilder(binary, "-db", "-f", conf.toString()),
        log, port, () -> {
          try {
            return ": " + Files.readString(log);
          } catch (java.io.IOException e) {
            return "; see " + log;
          }
        }));
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

  int port() {
    return process.port();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}

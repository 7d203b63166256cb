package dev.abgw.loadtest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * nginx as a subprocess for the peer benchmark: a generated {@code nginx.conf} under {@code dir} with its
 * own pid, log and temp paths, listening on a free loopback port, splitting units 50/50 on the
 * {@code X-User} header with {@code split_clients} (the variant goes upstream as {@code X-Variant}) and
 * proxying to the backend over keep-alive connections. Runs with {@code daemon off} so closing it is
 * stopping the child process.
 */
final class NginxProcess implements AutoCloseable {

  private final PeerProcess process;

  private NginxProcess(PeerProcess process) {
    this.process = process;
  }

  static String defaultBinary() {
    return PeerProcess.onPath("nginx", "/usr/sbin/nginx");
  }

  static NginxProcess start(String binary, Path dir, int backendPort, int workers) throws IOException, InterruptedException {
    PeerProcess.installIfMissing(binary, "nginx", "nginx-light", "--nginx");
    Path abs = dir.toAbsolutePath();
    Files.createDirectories(abs.resolve("logs"));
    Files.createDirectories(abs.resolve("tmp"));
    int port = PeerProcess.freePort();
    Path conf = abs.resolve("nginx.conf");
    Files.writeString(conf, config(abs, port, backendPort, workers));
    return new NginxProcess(PeerProcess.start("nginx",
        new ProcessBuilder(binary, "-p", abs.toString(), "-c", conf.toString(), "-g", "daemon off;"),
        abs.resolve("logs/stdout.log"), port, () -> "; see " + abs.resolve("logs")));
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

  int port() {
    return process.port();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}

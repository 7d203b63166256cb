package dev.abgw.loadtest.bench;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway against two well-known reverse proxies splitting on the same unit header in front of the same
 * backend, measured in one run on one machine: nginx ({@code split_clients}), HAProxy ({@code balance hdr}),
 * and the gateway in its own process ({@code abgw serve}) with each event-loop count of
 * {@code --gateway-event-loops}. Open-loop rates first, then closed-loop rounds that visit every path in turn,
 * so each throughput ratio is taken within one round.
 */
final class PeerScenario implements BenchScenario {

  @Override
  public String name() {
    return "peer";
  }

  @Override
  public String description() {
    return "direct, nginx split_clients, HAProxy balance hdr and the gateway process (1 and 2 event loops) on one"
        + " backend: open-loop rates, then alternating closed-loop rounds";
  }

  @Override
  public Map<String, String> flags() {
    Map<String, String> f = OverheadScenario.commonFlags();
    f.put("event-loops", "nginx workers and HAProxy threads (default 1)");
    f.put("gateway-event-loops", "event loops of the gateway processes, one path gateway-process-N each (default 1,2)");
    f.put("paths", "paths to measure besides direct, comma-separated (default: nginx, haproxy, gateway-process-N;"
        + " gateway is the in-JVM gateway, only when named)");
    f.remove("gateway-process");
    f.put("nginx", "nginx binary (default: nginx on the PATH, else /usr/sbin/nginx, installed with apt-get if missing)");
    f.put("haproxy", "haproxy binary (default: haproxy on the PATH, else /usr/sbin/haproxy, installed with apt-get if missing)");
    return f;
  }

  @Override
  public BenchReport run(Vertx vertx, BenchFlags flags) throws Exception {
    Path out = flags.path("out-dir", Path.of("target", "bench"));
    int workers = flags.integer("event-loops", 1, 1, 64);
    String nginxBinary = flags.asMap().getOrDefault("nginx", NginxProcess.defaultBinary());
    String haproxyBinary = flags.asMap().getOrDefault("haproxy", HaproxyProcess.defaultBinary());
    List<Long> loops = flags.longs("gateway-event-loops", List.of(1L, 2L), 1, 64);
    Map<String, OverheadScenario.ExtraPath> extra = new LinkedHashMap<>();
    extra.put("nginx", backend -> {
      NginxProcess nginx = NginxProcess.start(nginxBinary, out.resolve("nginx"), backend, workers);
      return new OverheadScenario.ExtraPath.Started(nginx.port(), nginx);
    });
    extra.put("haproxy", backend -> {
      HaproxyProcess haproxy = HaproxyProcess.start(haproxyBinary, out.resolve("haproxy"), backend, workers);
      return new OverheadScenario.ExtraPath.Started(haproxy.port(), haproxy);
    });
    String jvm = flags.asMap().get("gateway-jvm");
    for (long n : loops) {
      extra.put("gateway-process-" + n, backend -> {
        GatewayProcess g = GatewayProcess.start(backend, (int) n, jvm);
        return new OverheadScenario.ExtraPath.Started(g.port(), g);
      });
    }
    BenchReport r = OverheadScenario.runWith(vertx, flags, name(), extra, false, 3);
    r.json().put("proxyWorkers", workers);
    return r;
  }
}

package dev.abgw.loadtest.bench;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;

/**
 * The overhead runs with a third path: nginx splitting on the unit header ({@code split_clients}) in
 * front of the same backend, so the gateway's cost is read against a well-known reverse proxy measured in
 * the same run on the same machine.
 */
final class PeerScenario implements BenchScenario {

  @Override
  public String name() {
    return "peer";
  }

  @Override
  public String description() {
    return "overhead, plus nginx split_clients on the unit header in front of the same backend";
  }

  @Override
  public Map<String, String> flags() {
    Map<String, String> f = OverheadScenario.commonFlags();
    f.put("nginx", "nginx binary (default: nginx on the PATH, else /usr/sbin/nginx, installed with apt-get if missing)");
    return f;
  }

  @Override
  public BenchReport run(Vertx vertx, BenchFlags flags) throws Exception {
    Path out = flags.path("out-dir", Path.of("target", "bench"));
    String binary = flags.asMap().getOrDefault("nginx", NginxProcess.defaultBinary());
    Map<String, OverheadScenario.ExtraPath> extra = new java.util.LinkedHashMap<>();
    extra.put("nginx", backend -> {
      // As many nginx workers as gateway event loops, so both proxies get the same share of the cores.
      NginxProcess nginx = NginxProcess.start(binary, out.resolve("nginx"), backend, flags.integer("event-loops", 1, 1, 64));
      return new OverheadScenario.ExtraPath.Started(nginx.port(), nginx);
    });
    return OverheadScenario.runWith(vertx, flags, name(), OverheadScenario.withGatewayProcess(flags, true, extra));
  }
}

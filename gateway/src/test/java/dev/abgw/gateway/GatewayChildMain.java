package dev.abgw.gateway;

import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * A gateway in a process of its own, for tests that kill it: embedded store in {@code args[0]}, experiments
 * from {@code args[1]}, ephemeral ports printed as {@code PORTS proxy admin} once it serves.
 */
public final class GatewayChildMain {
  private GatewayChildMain() {}

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    GatewayConfig cfg = GatewayConfig.local(Path.of(args[0])).withAdminToken(Harness.TOKEN)
        .withExperimentsDir(Path.of(args[1]));
    Gateway g = Gateway.start(vertx, cfg, msg -> { }).toCompletionStage().toCompletableFuture().get();
    System.out.println("PORTS " + g.proxyPort() + " " + g.adminPort());
    System.out.flush();
    Thread.currentThread().join();
  }
}

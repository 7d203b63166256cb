package dev.abgw.loadtest.bench;

/**
 * Proxies and gateways a scenario starts are stopped with the bench JVM too: a bench stopped with Ctrl-C or
 * SIGTERM must not leave an nginx, HAProxy or {@code abgw serve} holding ports and CPU on a shared machine.
 */
final class ChildProcesses {

  private ChildProcesses() {}

  static Process stopOnExit(Process p) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (p.isAlive()) p.destroyForcibly();
    }, "stop-child-" + p.pid()));
    return p;
  }
}

package dev.abgw.loadtest.bench;

import static dev.abgw.loadtest.bench.Blocking.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens many raw TCP connections to the gateway, sends one HTTP/1.1 keep-alive request on each, leaves
 * them idle, then sends a second request on each: a connection that does not answer both is an error.
 * Connects go out at most {@value #CONNECT_WINDOW} at a time so the listen backlog is not the thing measured.
 */
final class IdleConnections {

  static final int CONNECT_WINDOW = 256;

  private IdleConnections() {}

  record Result(int requested, long opened, long firstAnswered, long secondAnswered, long closedWhileIdle,
      long errors, double rssBeforeMiB, double rssHeldMiB, double openSeconds) {

    String markdown() {
      return "| idle keep-alive connections | opened | answered before idle | answered after idle |"
          + " closed while idle | errors | RSS before MiB | RSS held MiB | KiB per connection |\n"
          + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
          + "| " + requested + " | " + opened + " | " + firstAnswered + " | " + secondAnswered + " | "
          + closedWhileIdle + " | " + errors + " | " + Fmt.num(rssBeforeMiB) + " | " + Fmt.num(rssHeldMiB) + " | "
          + Fmt.num(opened == 0 ? 0 : (rssHeldMiB - rssBeforeMiB) * 1024 / opened) + " |\n";
    }

    JsonObject json() {
      return new JsonObject().put("requested", requested).put("opened", opened).put("firstAnswered", firstAnswered)
          .put("secondAnswered", secondAnswered).put("closedWhileIdle", closedWhileIdle).put("errors", errors)
          .put("rssBeforeMiB", rssBeforeMiB).put("rssHeldMiB", rssHeldMiB).put("openSeconds", openSeconds);
    }
  }

  /** One held connection: counts HTTP responses by their status lines. */
  private static final class Held {
    final NetSocket socket;
    int answers;
    boolean closed;
    Promise<Void> waiting;

    Held(NetSocket socket) {
      this.socket = socket;
      socket.handler(this::onData);
      socket.closeHandler(v -> onClose());
    }

    private synchronized void onClose() {
      closed = true;
      if (waiting != null) {
        waiting.tryFail("closed");
      }
    }

    private synchronized void onData(Buffer data) {
      String text = data.toString();
      for (int at = text.indexOf("HTTP/1.1 "); at >= 0; at = text.indexOf("HTTP/1.1 ", at + 9)) {
        answers++;
        if (waiting != null) {
          waiting.tryComplete();
        }
      }
    }

    /** Sends request number {@code round} (from 1) and completes when its answer has arrived. */
    synchronized Future<Void> ask(int round) {
      Promise<Void> p = Promise.promise();
      waiting = p;
      if (closed) {
        p.tryFail("closed");
      } else if (answers >= round) {
        p.tryComplete();
      } else {
        socket.write("GET " + BenchGateway.ROUTE + "/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n" + BenchGateway.UNIT_HEADER
            + ": idle\r\n\r\n");
      }
      return p.future().timeout(20, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  static Result hold(Vertx vertx, int port, int count, Duration idleFor) throws InterruptedException {
    return hold(vertx, port, count, idleFor, () -> { }, Rss::mebibytes, 2);
  }

  /**
   * Opens and holds {@code count} keep-alive connections; {@code whileIdle} runs once they are all open and
   * answered (the idle period lasts at least {@code idleFor}); memory is read with {@code rssMiB};
   * {@code descriptorsPerConnection} is 2 when the gateway runs in this process, 1 when it runs in its own.
   */
  static Result hold(Vertx vertx, int port, int count, Duration idleFor, Runnable whileIdle,
                     java.util.function.DoubleSupplier rssMiB, int descriptorsPerConnection) throws InterruptedException {
    long limit = openFilesLimit();
    long needed = (long) descriptorsPerConnection * count + 2_000;
    if (limit > 0 && needed > limit) {
      throw new IllegalArgumentException("--idle-connections " + count + " needs about " + needed
          + " open files in this process but its limit is " + limit + " (raise ulimit -n, or pass at most "
          + (limit - 2_000) / descriptorsPerConnection + ")");
    }
    double rssBefore = rssMiB.getAsDouble();
    NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(20_000));
    List<Held> held = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    for (int from = 0; from < count; from += CONNECT_WINDOW) {
      List<Future<NetSocket>> window = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + CONNECT_WINDOW); i++) {
        window.add(client.connect(port, "127.0.0.1"));
      }
      await(Future.join(window).otherwiseEmpty(), Duration.ofSeconds(60));
      for (Future<NetSocket> f : window) {
        if (f.succeeded()) {
          held.add(new Held(f.result()));
        } else {
          errors.incrementAndGet();
        }
      }
    }
    long first = answered(vertx, held, 1, errors);
    double openSeconds = (System.nanoTime() - start) / 1e9;
    long idleStart = System.nanoTime();
    whileIdle.run();
    long left = idleFor.toMillis() - (System.nanoTime() - idleStart) / 1_000_000;
    if (left > 0) Thread.sleep(left);
    double rssHeld = rssMiB.getAsDouble();
    long closedWhileIdle = held.stream().filter(h -> h.closed).count();
    long second = answered(vertx, held, 2, errors);
    for (Held h : held) {
      h.socket.close();
    }
    await(client.close());
    return new Result(count, held.size(), first, second, closedWhileIdle, errors.get(), rssBefore, rssHeld,
        openSeconds);
  }

  /** Soft limit of open files of this process ({@code /proc/self/limits}), or -1 if unknown. */
  static long openFilesLimit() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
          return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  private static long answered(Vertx vertx, List<Held> held, int round, AtomicLong errors) {
    long ok = 0;
    for (int from = 0; from < held.size(); from += CONNECT_WINDOW) {
      List<Future<Void>> window = new ArrayList<>();
      for (int i = from; i < Math.min(held.size(), from + CONNECT_WINDOW); i++) {
        window.add(held.get(i).ask(round));
      }
      await(Future.join(window).otherwiseEmpty(), Duration.ofSeconds(60));
      for (Future<Void> f : window) {
        if (f.succeeded()) {
          ok++;
        } else {
          errors.incrementAndGet();
        }
      }
    }
    return ok;
  }
}

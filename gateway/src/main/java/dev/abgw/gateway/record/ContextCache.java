package dev.abgw.gateway.record;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.abgw.analysis.event.RequestContext;
import dev.abgw.gateway.store.EventStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Request contexts by request id: hot ones held in memory as the proxy announces them (a judgment posted
 * seconds later needs no store round trip), cold ones from the store, which keeps them for the configured
 * retention.
 *
 * <p>An entry expires {@code hotFor} after its request was first written (by {@code ticker}; the same request
 * replacing its entry keeps that time); at most {@code maximumSize} are held, the oldest written going first. It is a {@link ConcurrentHashMap} plus a queue in write order, evicted by
 * the writer itself, a few entries at a time: every proxied request puts one context on the proxy's event loop,
 * and the Caffeine cache this replaces (2026-12-01) handed its maintenance to {@code ForkJoinPool.commonPool()} on
 * nearly every write, which cost the proxy loop two {@code futex} wake-ups per request and a thread hop on 2 cores.
 */
public final class ContextCache {
  /** A context and when its request was first written. */
  private record Held(RequestContext ctx, long writtenNanos) {}

  /**
   * An id and the write time of the entry it was queued for; it holds no context, so a replaced or invalidated
   * entry's context is garbage at once, not when its node reaches the head.
   */
  private record Written(String requestId, long writtenNanos) {}

  private final ConcurrentHashMap<String, Held> hot = new ConcurrentHashMap<>();
  /** One node per new entry, in write order; a node whose entry went stays until it reaches the head. */
  private final ConcurrentLinkedQueue<Written> order = new ConcurrentLinkedQueue<>();
  /** One evicting writer at a time (the others skip: the next write catches up). */
  private final AtomicBoolean evicting = new AtomicBoolean();
  private final EventStore store;
  private final long maximumSize;
  private final long hotForNanos;
  private final Ticker ticker;

  public ContextCache(EventStore store, long maximumSize, Duration hotFor) {
    this(store, maximumSize, hotFor, Ticker.systemTicker());
  }

  /** As above, with expiry measured by {@code ticker}. */
  public ContextCache(EventStore store, long maximumSize, Duration hotFor, Ticker ticker) {
    if (maximumSize < 1) throw new IllegalArgumentException("maximumSize must be >= 1 (was " + maximumSize + ")");
    if (hotFor.isNegative() || hotFor.isZero()) {
      throw new IllegalArgumentException("hotFor must be > 0 (was " + hotFor + ")");
    }
    this.store = store;
    this.maximumSize = maximumSize;
    this.hotForNanos = hotFor.toNanos();
    this.ticker = ticker;
  }

  /**
   * Holds {@code ctx} unless another live request already holds its id: the first request keeps an id (as in
   * the stores), so a client reusing a live id cannot re-bind judgments. The same request (same experiment,
   * variant, unit and start time) replaces its own entry, e.g. with its response-side segments, keeping its
   * place in the write order and its expiry; an expired entry is no holder.
   */
  public void put(RequestContext ctx) {
    long now = ticker.read();
    String id = ctx.requestId();
    Held next = new Held(ctx, now);
    // Nearly every id is new: one insert; the compare-and-replace loop only when the id is already held.
    Held held = hot.putIfAbsent(id, next);
    while (held != null) {
      boolean live = live(held, now);
      if (live && !sameRequest(held.ctx(), ctx)) return;
      if (live) {
        // The same request again: its entry keeps its write time, so its queued node still stands for it.
        if (hot.replace(id, held, new Held(ctx, held.writtenNanos()))) return;
      } else if (hot.replace(id, held, next)) {
        break;
      }
      held = hot.putIfAbsent(id, next);
    }
    order.add(new Written(id, now));
    evict(now);
  }

  /**
   * Drops expired entries from the head of the write order, and the oldest while more than the maximum are held.
   * Only one thread polls at a time, so the head it looked at is the one it takes.
   */
  private void evict(long now) {
    if (!evicting.compareAndSet(false, true)) return;
    try {
      Written head;
      while ((head = order.peek()) != null && (now - head.writtenNanos() >= hotForNanos || hot.size() > maximumSize)) {
        order.poll();
        Written gone = head;
        // Only the entry this node was queued for: not a later request's that took the id since.
        hot.computeIfPresent(gone.requestId(), (id, h) -> h.writtenNanos() == gone.writtenNanos() ? null : h);
      }
    } finally {
      evicting.set(false);
    }
  }

  private boolean live(Held h, long now) {
    return now - h.writtenNanos() < hotForNanos;
  }

  private static boolean sameRequest(RequestContext a, RequestContext b) {
    return a.timeMillis() == b.timeMillis() && a.experiment().equals(b.experiment())
        && a.variant().equals(b.variant()) && Objects.equals(a.unit(), b.unit());
  }

  public void invalidate(String requestId) {
    hot.remove(requestId);
  }

  /** The context if it is hot, else null (no store round trip). */
  public RequestContext cached(String requestId) {
    Held h = hot.get(requestId);
    return h != null && live(h, ticker.read()) ? h.ctx() : null;
  }

  /** How many entries are held, expired ones not yet evicted included. */
  long size() {
    return hot.size();
  }

  /** How many nodes the write order holds (one per new entry until it reaches the head). */
  long queued() {
    return order.size();
  }

  public Future<Optional<RequestContext>> get(String requestId) {
    RequestContext ctx = cached(requestId);
    if (ctx != null) return Future.succeededFuture(Optional.of(ctx));
    return store.context(requestId).onSuccess(found -> found.ifPresent(this::put));
  }
}

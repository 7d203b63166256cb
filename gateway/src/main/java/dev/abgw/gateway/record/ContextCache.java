package dev.abgw.gateway.record;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.abgw.gateway.store.EventStore;
import dev.abgw.analysis.event.RequestContext;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;

/**
 * Request contexts by request id: hot ones from a Caffeine cache filled as the proxy records them (a
 * judgment posted seconds later needs no Redis round trip), cold ones from the store, which keeps them
 * for the configured retention.
 */
public final class ContextCache {
  private final Cache<String, RequestContext> hot;
  private final EventStore store;

  public ContextCache(EventStore store, long maximumSize, Duration hotFor) {
    this(store, maximumSize, hotFor, Ticker.systemTicker());
  }

  /** As above, with expiry measured by {@code ticker}. */
  public ContextCache(EventStore store, long maximumSize, Duration hotFor, Ticker ticker) {
    this.store = store;
    this.hot = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(hotFor).ticker(ticker).build();
  }

  /**
   * Holds {@code ctx} unless another request already holds its id: the first request keeps an id (as in the
   * stores), so a client reusing a live id cannot re-bind judgments. The same request (same experiment,
   * variant, unit and start time) replaces its own entry, e.g. with its response-side segments.
   */
  public void put(RequestContext ctx) {
    var map = hot.asMap();
    // Nearly every id is new: one insert; the merge (and its lambda) only when the id is already held.
    if (map.putIfAbsent(ctx.requestId(), ctx) != null) {
      map.merge(ctx.requestId(), ctx, (held, next) -> sameRequest(held, next) ? next : held);
    }
  }

  private static boolean sameRequest(RequestContext a, RequestContext b) {
    return a.timeMillis() == b.timeMillis() && a.experiment().equals(b.experiment())
        && a.variant().equals(b.variant()) && java.util.Objects.equals(a.unit(), b.unit());
  }

  public void invalidate(String requestId) {
    hot.invalidate(requestId);
  }

  /** The context if it is hot, else null (no store round trip). */
  public RequestContext cached(String requestId) {
    return hot.getIfPresent(requestId);
  }

  public Future<Optional<RequestContext>> get(String requestId) {
    RequestContext ctx = hot.getIfPresent(requestId);
    if (ctx != null) return Future.succeededFuture(Optional.of(ctx));
    return store.context(requestId).onSuccess(found -> found.ifPresent(this::put));
  }
}

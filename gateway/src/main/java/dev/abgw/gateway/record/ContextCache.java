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

  public void put(RequestContext ctx) {
    hot.put(ctx.requestId(), ctx);
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

package dev.abgw.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.concurrent.TimeUnit;

/**
 * What the proxy needs below Vert.x's HTTP layer, installed on each new connection's Netty pipeline:
 * <ul>
 *   <li>a header-read timeout: a connection that has not completed a request head within
 *       {@code headerTimeoutMillis} of opening, or of the first byte of its next request, is closed; a byte
 *       now and then does not reset it (an idle timeout would: each byte counts as activity);</li>
 *   <li>the request decoder marks a request that carried both {@code Content-Length} and
 *       {@code Transfer-Encoding} ({@value #CL_AND_TE}), which Netty otherwise resolves silently by dropping
 *       {@code Content-Length}, so {@link Framing} can refuse it as RFC 9112 6.1 asks.</li>
 * </ul>
 * Uses Vert.x internals ({@code ConnectionBase}, {@code VertxHttpRequestDecoder}, the pipeline name
 * {@code httpDecoder}); if they change, {@link #install} leaves the connection as Vert.x made it.
 */
final class EdgeGuard {
  /** Header the decoder sets on a request that had Content-Length and Transfer-Encoding; never forwarded. */
  static final String CL_AND_TE = "x-abgw-internal-cl-and-te";

  private static final io.netty.util.AttributeKey<Boolean> BAD_FRAMING = io.netty.util.AttributeKey.valueOf("abgwBadFraming");

  private EdgeGuard() {}

  /** True when the decoder failed on this connection's input (a bad chunk size, say): the client's fault. */
  static boolean badFraming(HttpConnection connection) {
    return connection instanceof io.vertx.core.net.impl.ConnectionBase base
        && Boolean.TRUE.equals(base.channel().attr(BAD_FRAMING).get());
  }

  /** True when installed; false when this Vert.x's pipeline does not look as expected. */
  static boolean install(HttpConnection connection, HttpServerOptions options, long headerTimeoutMillis) {
    if (!(connection instanceof io.vertx.core.net.impl.ConnectionBase base)) return false;
    ChannelPipeline p = base.channel().pipeline();
    if (p.get("httpDecoder") == null) return false;
    p.replace("httpDecoder", "httpDecoder", new MarkingDecoder(options));
    HeadTimer timer = new HeadTimer(headerTimeoutMillis);
    p.addBefore("httpDecoder", "abgwHeadTimer", timer.bytes());
    p.addAfter("httpDecoder", "abgwHeads", timer.heads());
    return true;
  }

  private static final class MarkingDecoder extends VertxHttpRequestDecoder {
    MarkingDecoder(HttpServerOptions options) {
      super(options);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      message.headers().set(CL_AND_TE, "1");
      super.handleTransferEncodingChunkedWithContentLength(message);
    }
  }

  /**
   * Shared by the handler before the decoder (raw bytes) and the one after it (decoded heads). One task per
   * connection checks the deadline and is re-scheduled only when it fires early (the deadline moved since):
   * arming and disarming for every request is a field write, not a scheduled task and its cancellation.
   */
  private static final class HeadTimer {
    private final long timeoutNanos;
    private boolean awaitingHead = true;
    /** When the head being awaited must be complete, or 0 when no head is awaited. */
    private long deadlineNanos;
    private ScheduledFuture<?> pending;
    private ChannelHandlerContext ctx;
    private final Runnable check = this::check;

    HeadTimer(long timeoutMillis) {
      this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    private void arm(ChannelHandlerContext ctx) {
      if (deadlineNanos != 0) return;
      this.ctx = ctx;
      deadlineNanos = Math.max(1, System.nanoTime() + timeoutNanos);
      if (pending == null) pending = ctx.executor().schedule(check, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void disarm() {
      deadlineNanos = 0;
    }

    private void check() {
      pending = null;
      if (deadlineNanos == 0 || !awaitingHead) return;
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        ctx.channel().close();
      } else {
        pending = ctx.executor().schedule(check, left, TimeUnit.NANOSECONDS);
      }
    }

    private void stop() {
      deadlineNanos = 0;
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
    }

    ChannelInboundHandlerAdapter bytes() {
      return new ChannelInboundHandlerAdapter() {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
          arm(ctx); // from the moment the connection opened
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          if (awaitingHead && msg instanceof ByteBuf) arm(ctx);
          ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
          stop();
          ctx.fireChannelInactive();
        }
      };
    }

    ChannelInboundHandlerAdapter heads() {
      return new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          if (msg instanceof HttpRequest) {
            awaitingHead = false;
            disarm();
          }
          if (msg instanceof io.netty.handler.codec.http.HttpObject o && o.decoderResult().isFailure()) {
            ctx.channel().attr(BAD_FRAMING).set(Boolean.TRUE);
          }
          if (msg instanceof LastHttpContent) awaitingHead = true; // the next request's first byte arms it
          ctx.fireChannelRead(msg);
        }
      };
    }
  }
}

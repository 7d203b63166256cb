package dev.abgw.gateway.admin;

import dev.abgw.gateway.http.ApiErrors;
import dev.abgw.gateway.proxy.Forced;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code Authorization: Bearer TOKEN} on every admin route but {@code /health}; the token is compared in
 * constant time. A null token means local development was asked for explicitly: everything is open.
 */
final class BearerAuth implements Handler<RoutingContext> {
  private final String token;

  BearerAuth(String token) {
    this.token = token;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (token == null) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("authorization");
    String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    if (!Forced.tokenMatches(token, given)) {
      ctx.response().putHeader("www-authenticate", "Bearer realm=\"abgw-admin\"");
      ApiErrors.send(ctx.response(), 401, "unauthorized", given == null
          ? "admin API needs Authorization: Bearer <token> (the gateway's ABGW_ADMIN_TOKEN)"
          : "the bearer token is not the admin token");
      return;
    }
    ctx.next();
  }
}

package dev.abgw.gateway.auth;

import dev.abgw.gateway.http.ApiErrors;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who is calling the admin port, and whether a route lets them. Programs send {@code Authorization: Bearer
 * TOKEN}; browsers sign in at {@code /login} and then send the session cookie. {@link #identify} runs on every
 * request and puts the {@link Principal} (if any) on the context; {@link #require} guards one route:
 * no principal gives 401 (302 to the login form for a page), a role without the access gives 403, and a
 * state-changing request authenticated by the cookie must carry the session's CSRF token (form field
 * {@code csrf} or header {@code X-CSRF-Token}), else 403 {@code csrf}. Bearer requests need no CSRF token: a
 * browser never adds that header on its own.
 */
public final class AdminAuth {
  public static final String SESSION_COOKIE = "abgw_session";
  static final String PRINCIPAL = "abgw.principal";
  static final String SESSION = "abgw.session";
  /** Everything open: no token is configured (local development, {@code --dev-no-auth}). */
  private static final Principal DEVELOPER = new Principal("dev-no-auth", Role.ADMIN);

  private final TokenRegistry tokens;
  private final SessionStore sessions;

  public AdminAuth(TokenRegistry tokens, SessionStore sessions) {
    this.tokens = tokens;
    this.sessions = sessions;
  }

  public TokenRegistry tokens() {
    return tokens;
  }

  public SessionStore sessions() {
    return sessions;
  }

  /** Identifies the caller; never refuses (that is {@link #require}'s job). */
  public Handler<RoutingContext> identify() {
    return ctx -> {
      if (tokens.open()) {
        ctx.put(PRINCIPAL, DEVELOPER);
      } else {
        String header = ctx.request().getHeader("authorization");
        if (header != null) {
          String given = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
          tokens.find(given).ifPresent(p -> ctx.put(PRINCIPAL, p));
          if (ctx.get(PRINCIPAL) == null) {
            // A wrong bearer token is an error even on a public route: a program should hear about it at once.
            ctx.response().putHeader("www-authenticate", "Bearer realm=\"abgw-admin\"");
            ApiErrors.send(ctx.response(), 401, "unauthorized", given == null
                ? "the Authorization header must be \"Bearer <token>\""
                : "the bearer token is not one the gateway knows (ABGW_ADMIN_TOKEN or --tokens)");
            return;
          }
        } else {
          Cookie c = ctx.request().getCookie(SESSION_COOKIE);
          sessions.find(c == null ? null : c.getValue()).ifPresent(s -> {
            ctx.put(SESSION, s);
            ctx.put(PRINCIPAL, s.principal());
          });
        }
      }
      ctx.next();
    };
  }

  /** A guard for a route that needs {@code access}; {@code page} routes send a browser to the login form. */
  public Handler<RoutingContext> require(Access access, boolean page) {
    return ctx -> {
      if (access == Access.PUBLIC) {
        ctx.next();
        return;
      }
      Principal p = principal(ctx).orElse(null);
      if (p == null) {
        if (page) {
          String next = URLEncoder.encode(ctx.request().uri(), StandardCharsets.UTF_8);
          ctx.response().setStatusCode(302).putHeader("location", "/login?next=" + next).end();
        } else {
          ctx.response().putHeader("www-authenticate", "Bearer realm=\"abgw-admin\"");
          ApiErrors.send(ctx.response(), 401, "unauthorized",
              "the admin API needs Authorization: Bearer <token> (ABGW_ADMIN_TOKEN or one of --tokens), "
                  + "or a browser session from /login");
        }
        return;
      }
      if (!p.role().allows(access)) {
        ApiErrors.send(ctx.response(), 403, "forbidden", "\"" + p.name() + "\" has role " + p.role().wire()
            + ", which may not " + ctx.request().method() + " " + ctx.request().path() + " (needs "
            + needs(access) + ")");
        return;
      }
      Session s = ctx.get(SESSION);
      if (s != null && changesState(ctx.request().method()) && !csrfMatches(s.csrf(), givenCsrf(ctx))) {
        ApiErrors.send(ctx.response(), 403, "csrf", "a request signed in by cookie that changes state must carry "
            + "the session's CSRF token (form field csrf or header X-CSRF-Token)");
        return;
      }
      ctx.next();
    };
  }

  public static Optional<Principal> principal(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(PRINCIPAL));
  }

  public static Optional<Session> session(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(SESSION));
  }

  /** The session cookie: HttpOnly, SameSite=Strict, Secure over TLS, Path=/, Max-Age the server-side ttl. */
  public Cookie sessionCookie(Session s, boolean tls) {
    return Cookie.cookie(SESSION_COOKIE, s.id()).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
        .setSecure(tls).setPath("/").setMaxAge(sessions.ttl().toSeconds());
  }

  static boolean changesState(HttpMethod m) {
    return !(m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS);
  }

  static String givenCsrf(RoutingContext ctx) {
    String header = ctx.request().getHeader("x-csrf-token");
    if (header != null) return header;
    return ctx.request().getFormAttribute("csrf");
  }

  static boolean csrfMatches(String expected, String given) {
    if (expected == null || given == null) return false;
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static String needs(Access a) {
    return switch (a) {
      case PUBLIC, SIGNED_IN -> "a sign-in";
      case READ -> "admin, reviewer or viewer";
      case JUDGE -> "admin, reviewer or ingest";
      case ADMIN -> "admin";
    };
  }
}

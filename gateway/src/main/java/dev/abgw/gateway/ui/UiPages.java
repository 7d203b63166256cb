package dev.abgw.gateway.ui;

import dev.abgw.analysis.page.IndexPage;
import dev.abgw.analysis.page.LoginPage;
import dev.abgw.analysis.page.PageChrome;
import dev.abgw.experiments.Experiment;
import dev.abgw.gateway.auth.AdminAuth;
import dev.abgw.gateway.auth.Principal;
import dev.abgw.gateway.auth.Session;
import dev.abgw.gateway.auth.SessionStore;
import dev.abgw.gateway.registry.ExperimentRegistry;
import dev.abgw.gateway.report.ReportService;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * The browser side of the admin port: the experiments index, the sign-in form and sign-out. Sign-in exchanges a
 * token for a session cookie ({@link AdminAuth#SESSION_COOKIE}); the form itself is protected from login CSRF by
 * a double-submit cookie ({@value #LOGIN_COOKIE}, SameSite=Strict) that the form echoes.
 */
public final class UiPages {
  static final String LOGIN_COOKIE = "abgw_login";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ExperimentRegistry registry;
  private final ReportService reports;
  private final AdminAuth auth;

  public UiPages(ExperimentRegistry registry, ReportService reports, AdminAuth auth) {
    this.registry = registry;
    this.reports = reports;
    this.auth = auth;
  }

  /** What a page shows of the caller: name and role, and the CSRF token of the sign-out form. */
  public static PageChrome chrome(RoutingContext ctx) {
    Principal p = AdminAuth.principal(ctx).orElse(null);
    Session s = AdminAuth.session(ctx).orElse(null);
    return new PageChrome(p == null || s == null ? null : p.name(), p == null ? null : p.role().wire(),
        s == null ? null : s.csrf(), "/");
  }

  /** {@code GET /}: every experiment with its report's decision; one report failing does not hide the others. */
  public void index(RoutingContext ctx) {
    List<Experiment> all = registry.all().stream().sorted(Comparator.comparing(Experiment::id)).toList();
    List<Future<IndexPage.Entry>> rows = all.stream().map(e -> reports.report(e)
        .map(r -> new IndexPage.Entry(e, r, null))
        .otherwise(err -> new IndexPage.Entry(e, null, "report unavailable: " + err.getMessage()))).toList();
    Future.all(rows).onComplete(ar -> html(ctx.response(), 200,
        IndexPage.render(rows.stream().map(Future::result).toList(), chrome(ctx))));
  }

  /** {@code GET /login}: the form, with a fresh login CSRF cookie. */
  public void loginForm(RoutingContext ctx) {
    if (auth.tokens().open()) {
      redirect(ctx.response(), "/");
      return;
    }
    form(ctx, 200, safeNext(ctx.request().getParam("next")), null);
  }

  /** {@code POST /login}: a known token and the echoed login CSRF value give a session and a redirect to next. */
  public void login(RoutingContext ctx) {
    String next = safeNext(ctx.request().getFormAttribute("next"));
    if (auth.tokens().open()) {
      redirect(ctx.response(), next);
      return;
    }
    Cookie loginCookie = ctx.request().getCookie(LOGIN_COOKIE);
    String echoed = ctx.request().getFormAttribute("csrf");
    if (loginCookie == null || echoed == null || !MessageDigest.isEqual(loginCookie.getValue().getBytes(StandardCharsets.UTF_8),
        echoed.getBytes(StandardCharsets.UTF_8))) {
      form(ctx, 403, next, "The form expired or did not come from this gateway; please sign in again.");
      return;
    }
    Principal p = auth.tokens().find(ctx.request().getFormAttribute("token")).orElse(null);
    if (p == null) {
      form(ctx, 401, next, "That token is not one this gateway knows.");
      return;
    }
    SessionStore sessions = auth.sessions();
    Session s = sessions.create(p);
    boolean tls = ctx.request().isSSL();
    ctx.response().addCookie(auth.sessionCookie(s, tls)).addCookie(loginCookie(tls, "").setMaxAge(0));
    redirect(ctx.response(), next);
  }

  /** {@code POST /logout}: the session is forgotten on the server, the cookie cleared. */
  public void logout(RoutingContext ctx) {
    AdminAuth.session(ctx).ifPresent(s -> auth.sessions().remove(s.id()));
    ctx.response().addCookie(Cookie.cookie(AdminAuth.SESSION_COOKIE, "").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT).setSecure(ctx.request().isSSL()).setPath("/").setMaxAge(0));
    redirect(ctx.response(), "/login");
  }

  private void form(RoutingContext ctx, int status, String next, String error) {
    String csrf = random();
    ctx.response().addCookie(loginCookie(ctx.request().isSSL(), csrf).setMaxAge(3600));
    html(ctx.response(), status, LoginPage.render(csrf, next, error));
  }

  private static Cookie loginCookie(boolean tls, String value) {
    return Cookie.cookie(LOGIN_COOKIE, value).setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(tls)
        .setPath("/login");
  }

  /** Only a path on this server: "/x", never "//host" or "https://host" (an open redirect). */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
        || next.chars().anyMatch(c -> c < 0x20)) {
      return "/";
    }
    return next;
  }

  private static void redirect(HttpServerResponse resp, String to) {
    resp.setStatusCode(303).putHeader("location", to).end();
  }

  public static void html(HttpServerResponse resp, int status, String body) {
    resp.setStatusCode(status).putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        .putHeader("x-content-type-options", "nosniff").putHeader("referrer-policy", "same-origin")
        .putHeader("cache-control", "no-store").end(body);
  }

  private static String random() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

}

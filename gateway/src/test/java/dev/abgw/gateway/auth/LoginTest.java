package dev.abgw.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The browser path: form, session cookie, CSRF on state changes, sign-out; and the tokens file reload. */
class LoginTest {
  static final String REVIEWER = "reviewer-token-0123456789";

  Vertx vertx;
  Harness h;
  Path file;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    file = Files.createTempFile("abgw-tokens", ".json");
    Files.writeString(file, "[{\"name\": \"rita\", \"role\": \"reviewer\", \"token\": \"" + REVIEWER + "\"}]");
    h = Harness.startWith(vertx, cfg -> cfg.withTokensFile(file));
  }

  @AfterEach
  void stop() {
    h.close();
    vertx.close();
  }

  /** Signs in through the form as a browser does; returns the session cookie's Set-Cookie header. */
  private String signIn(String token) {
    HttpResponse<String> form = h.send(HttpRequest.newBuilder(h.admin("/login?next=%2Fexperiments")).GET().build());
    assertThat(form.statusCode()).isEqualTo(200);
    String loginCookie = form.headers().firstValue("set-cookie").orElseThrow();
    assertThat(loginCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(m.find()).isTrue();
    String body = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&csrf=" + m.group(1) + "&next=%2Fexperiments";
    HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.admin("/login"))
        .header("content-type", "application/x-www-form-urlencoded").header("cookie", loginCookie.split(";")[0])
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("location")).contains("/experiments");
    return r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(AdminAuth.SESSION_COOKIE + "="))
        .findFirst().orElseThrow();
  }

  private HttpResponse<String> withCookie(String setCookie, HttpRequest.Builder b) {
    return h.send(b.header("cookie", setCookie.split(";")[0]).build());
  }

  @Test
  void a_session_reads_pages_and_needs_the_csrf_token_to_change_state() {
    String session = signIn(REVIEWER);
    assertThat(session).containsIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Path=/").contains("Max-Age=28800")
        .doesNotContain("Secure");
    HttpResponse<String> index = withCookie(session, HttpRequest.newBuilder(h.admin("/")).GET());
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("Signed in as <b>rita</b> (reviewer)");
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(index.body());
    assertThat(m.find()).isTrue();
    String csrf = m.group(1);

    String judgment = "[{\"requestId\": \"r-unknown\", \"metric\": \"score\", \"value\": 3}]";
    HttpResponse<String> noCsrf = withCookie(session, HttpRequest.newBuilder(h.admin("/judgments"))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(judgment)));
    assertThat(noCsrf.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(noCsrf.body()).getJsonObject("error").getString("code")).isEqualTo("csrf");
    HttpResponse<String> wrongCsrf = withCookie(session, HttpRequest.newBuilder(h.admin("/judgments"))
        .header("content-type", "application/json").header("x-csrf-token", csrf + "x")
        .POST(HttpRequest.BodyPublishers.ofString(judgment)));
    assertThat(wrongCsrf.statusCode()).isEqualTo(403);
    HttpResponse<String> withCsrf = withCookie(session, HttpRequest.newBuilder(h.admin("/judgments"))
        .header("content-type", "application/json").header("x-csrf-token", csrf)
        .POST(HttpRequest.BodyPublishers.ofString(judgment)));
    assertThat(withCsrf.statusCode()).isEqualTo(200);

    HttpResponse<String> out = withCookie(session, HttpRequest.newBuilder(h.admin("/logout"))
        .header("content-type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf)));
    assertThat(out.statusCode()).isEqualTo(303);
    HttpResponse<String> after = withCookie(session, HttpRequest.newBuilder(h.admin("/experiments/x/report.html")).GET());
    assertThat(after.statusCode()).as("the session is gone on the server, whatever the browser keeps").isEqualTo(302);
  }

  @Test
  void a_login_form_without_its_cookie_or_with_a_wrong_token_is_refused() {
    HttpResponse<String> forged = h.send(HttpRequest.newBuilder(h.admin("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + REVIEWER + "&csrf=guess")).build());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.headers().allValues("set-cookie")).noneMatch(c -> c.startsWith(AdminAuth.SESSION_COOKIE + "="));
    HttpResponse<String> form = h.send(HttpRequest.newBuilder(h.admin("/login")).GET().build());
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(m.find()).isTrue();
    HttpResponse<String> wrong = h.send(HttpRequest.newBuilder(h.admin("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", form.headers().firstValue("set-cookie").orElseThrow().split(";")[0])
        .POST(HttpRequest.BodyPublishers.ofString("token=not-a-known-token-at-all&csrf=" + m.group(1))).build());
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("That token is not one this gateway knows.");
  }

  @Test
  void next_never_leaves_the_gateway() {
    assertThat(dev.abgw.gateway.ui.UiPagesAccess.safeNext("//evil.example/x")).isEqualTo("/");
    assertThat(dev.abgw.gateway.ui.UiPagesAccess.safeNext("https://evil.example")).isEqualTo("/");
    assertThat(dev.abgw.gateway.ui.UiPagesAccess.safeNext("/\\evil.example")).isEqualTo("/");
    assertThat(dev.abgw.gateway.ui.UiPagesAccess.safeNext("/experiments/a/report.html")).isEqualTo("/experiments/a/report.html");
  }

  @Test
  void a_changed_tokens_file_applies_and_a_broken_one_keeps_the_previous_tokens() throws Exception {
    String viewer = "viewer-token-abcdefghijklmn";
    Files.writeString(file, "[{\"name\": \"vic\", \"role\": \"viewer\", \"token\": \"" + viewer + "\"}]");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    int status = 0;
    for (int i = 0; i < 60 && status != 200; i++) {
      Thread.sleep(100);
      status = h.send(HttpRequest.newBuilder(h.admin("/experiments")).header("authorization", "Bearer " + viewer).GET().build())
          .statusCode();
    }
    assertThat(status).as("the new token works within a few seconds").isEqualTo(200);
    assertThat(h.send(HttpRequest.newBuilder(h.admin("/experiments")).header("authorization", "Bearer " + REVIEWER).GET().build())
        .statusCode()).as("the removed token no longer works").isEqualTo(401);

    Files.writeString(file, "[{\"name\": \"vic\", \"role\": \"superuser\", \"token\": \"short\"}]");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
    Thread.sleep(1500);
    assertThat(h.send(HttpRequest.newBuilder(h.admin("/experiments")).header("authorization", "Bearer " + viewer).GET().build())
        .statusCode()).as("a broken file keeps the previous tokens").isEqualTo(200);
  }

  @Test
  void the_tokens_file_names_every_problem() {
    TokensFile.Parsed p = TokensFile.parse("[{\"name\": \"a\", \"role\": \"root\", \"token\": \"short\"}, {\"role\": \"viewer\"}, 3]");
    assertThat(p.entries()).isEmpty();
    assertThat(p.problems()).containsExactlyInAnyOrder(
        "/0/role must be one of admin, reviewer, viewer, ingest (was \"root\")",
        "/0/token must be at least 16 characters (was 5)",
        "/1/name is required", "/1/token is required", "/2 must be an object with name, role and token");
  }

  @Test
  void a_session_expires_on_the_server() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    Clock clock = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now.get(); }
    };
    SessionStore store = new SessionStore(clock, Duration.ofHours(8), 2);
    Session s = store.create(new Principal("rita", Role.REVIEWER));
    now.set(now.get().plus(Duration.ofHours(8)).minusSeconds(1));
    assertThat(store.find(s.id())).isPresent();
    now.set(now.get().plusSeconds(1));
    assertThat(store.find(s.id())).as("expired at exactly the ttl").isEmpty();
    List<Session> many = new java.util.ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      many.add(store.create(new Principal(name, Role.VIEWER)));
      now.set(now.get().plusSeconds(1));
    }
    assertThat(store.find(many.get(0).id())).as("bounded: the oldest goes").isEmpty();
    assertThat(store.find(many.get(2).id())).isPresent();
  }
}

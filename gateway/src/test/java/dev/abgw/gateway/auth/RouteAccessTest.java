package dev.abgw.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route of the admin router, read back from the Vert.x {@code Router}, with every role and with no
 * credentials: a route that is not in {@link #SPEC} fails the test, so a new route cannot ship without a
 * decision on who may call it.
 */
class RouteAccessTest {
  static final String REVIEWER = "reviewer-token-0123456789";
  static final String VIEWER = "viewer-token-0123456789ab";
  static final String INGEST = "ingest-token-0123456789ab";

  /** What the test expects: the access a route needs, whether it is a page, and its status when allowed. */
  record Expect(Access access, boolean page, int allowed) {}

  static final Map<String, Expect> SPEC = new LinkedHashMap<>();

  static {
    SPEC.put("GET /health", new Expect(Access.PUBLIC, false, 200));
    SPEC.put("GET /health/ready", new Expect(Access.PUBLIC, false, 200));
    SPEC.put("GET /login", new Expect(Access.PUBLIC, true, 200));
    // Without the login form's cookie and echoed value the form is refused, whoever posts it (LoginTest signs in).
    SPEC.put("POST /login", new Expect(Access.PUBLIC, true, 403));
    SPEC.put("POST /logout", new Expect(Access.SIGNED_IN, true, 303));
    SPEC.put("GET /", new Expect(Access.READ, true, 200));
    SPEC.put("GET /ui", new Expect(Access.READ, true, 200));
    SPEC.put("GET /ui/", new Expect(Access.READ, true, 200));
    SPEC.put("GET /metrics", new Expect(Access.READ, false, 200));
    SPEC.put("GET /experiments", new Expect(Access.READ, false, 200));
    SPEC.put("PUT /experiments/:id", new Expect(Access.ADMIN, false, 200));
    SPEC.put("GET /experiments/:id", new Expect(Access.READ, false, 200));
    SPEC.put("POST /experiments/:id/start", new Expect(Access.ADMIN, false, 200));
    SPEC.put("POST /experiments/:id/pause", new Expect(Access.ADMIN, false, 200));
    SPEC.put("POST /experiments/:id/stop", new Expect(Access.ADMIN, false, 200));
    SPEC.put("DELETE /experiments/:id", new Expect(Access.ADMIN, false, 200));
    SPEC.put("GET /experiments/:id/report", new Expect(Access.READ, false, 200));
    SPEC.put("GET /experiments/:id/report.html", new Expect(Access.READ, true, 200));
    SPEC.put("GET /experiments/:id/export", new Expect(Access.READ, false, 200));
    SPEC.put("GET /experiments/:id/history", new Expect(Access.READ, false, 200));
    SPEC.put("POST /judgments", new Expect(Access.JUDGE, false, 200));
  }

  static Vertx vertx;
  static Harness h;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Path file = Files.createTempFile("abgw-tokens", ".json");
    Files.writeString(file, """
        [{"name": "rita", "role": "reviewer", "token": "%s"},
         {"name": "vic", "role": "viewer", "token": "%s"},
         {"name": "ci-judge", "role": "ingest", "token": "%s"}]
        """.formatted(REVIEWER, VIEWER, INGEST));
    h = Harness.startWith(vertx, cfg -> cfg.withTokensFile(file));
    assertThat(h.adminPut("/experiments/acc", definition()).statusCode()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    h.close();
    vertx.close();
  }

  static String definition() {
    return """
        {"id": "acc", "status": "running", "route": {"pathPrefix": "/acc"}, "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:1", "weight": 1},
                      {"name": "treatment", "upstream": "http://127.0.0.1:2", "weight": 1}],
         "control": "control", "metrics": [{"name": "score", "type": "continuous", "direction": "increase", "source": "judgment"}]}
        """;
  }

  @Test
  void every_route_of_the_router_answers_each_role_and_no_credentials_as_specified() {
    List<String> declared = new ArrayList<>();
    for (Route route : h.gateway.adminRoutes()) {
      if (route.getPath() == null) continue; // middleware: identify, body, the 404 guard
      assertThat(route.methods()).as("route %s declares its methods", route.getPath()).isNotNull().hasSize(1);
      for (HttpMethod m : route.methods()) declared.add(m.name() + " " + route.getPath());
    }
    assertThat(declared).as("every route has an entry in SPEC (a new route needs a decision on its role)")
        .allSatisfy(k -> assertThat(SPEC).containsKey(k));
    assertThat(SPEC.keySet()).as("SPEC lists no route that is gone").allSatisfy(k -> assertThat(declared).contains(k));

    Map<String, String> callers = new LinkedHashMap<>();
    callers.put("none", null);
    callers.put("admin", Harness.TOKEN);
    callers.put("reviewer", REVIEWER);
    callers.put("viewer", VIEWER);
    callers.put("ingest", INGEST);
    List<String> wrong = new ArrayList<>();
    for (String key : declared) {
      Expect e = SPEC.get(key);
      for (var caller : callers.entrySet()) {
        Role role = Role.fromWire(caller.getKey());
        int expected = e.access() == Access.PUBLIC ? e.allowed()
            : role == null ? (e.page() ? 302 : 401)
            : role.allows(e.access()) ? e.allowed() : 403;
        HttpResponse<String> r = call(key, caller.getValue());
        if (r.statusCode() != expected) {
          wrong.add(key + " as " + caller.getKey() + ": expected " + expected + ", got " + r.statusCode() + " " + r.body());
        }
        if (expected == 302) assertThat(r.headers().firstValue("location").orElse("")).startsWith("/login?next=");
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void roles_are_those_documented() {
    assertThat(Role.ADMIN.allows(Access.ADMIN)).isTrue();
    assertThat(Role.REVIEWER.allows(Access.ADMIN)).isFalse();
    assertThat(Role.REVIEWER.allows(Access.JUDGE)).isTrue();
    assertThat(Role.VIEWER.allows(Access.JUDGE)).isFalse();
    assertThat(Role.INGEST.allows(Access.READ)).isFalse();
    assertThat(Role.INGEST.allows(Access.JUDGE)).isTrue();
  }

  static HttpResponse<String> call(String key, String token) {
    String method = key.substring(0, key.indexOf(' '));
    String path = key.substring(key.indexOf(' ') + 1).replace(":id", "acc");
    String body = switch (key) {
      case "PUT /experiments/:id" -> definition();
      case "POST /judgments" -> "[{\"requestId\": \"r-unknown\", \"metric\": \"score\", \"value\": 3, \"judge\": \"t\", \"id\": \"j-1\"}]";
      case "POST /login" -> "token=" + (token == null ? "" : token);
      default -> "";
    };
    HttpRequest.Builder b = HttpRequest.newBuilder(h.admin(path))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("content-type", key.equals("POST /login") ? "application/x-www-form-urlencoded" : "application/json");
    if (token != null) b.header("authorization", "Bearer " + token);
    return h.send(b.build());
  }

  static String error(HttpResponse<String> r) {
    return new JsonObject(r.body()).getJsonObject("error").getString("code");
  }
}

package dev.abgw.loadtest;

import static dev.abgw.agents.FlagValues.doubleValue;
import static dev.abgw.agents.FlagValues.intValue;
import static dev.abgw.agents.FlagValues.longValue;

import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Command-line flags of {@link LoadGeneratorMain}; see {@link #USAGE}. */
public final class LoadFlags {

  /** Help text listing every flag. */
  public static final String USAGE = """
      usage: LoadGeneratorMain --port N [flags]
        --host H                 target host, loopback only (default 127.0.0.1)
        --port N                 target port (required)
        --scenario NAME          name in progress lines and tables (default load)
        --rate RPS               open loop at RPS requests/s (default 100)
        --ramp-from RPS          open loop: start the ramp at RPS (use with --ramp-ms)
        --ramp-ms MS             open loop: ramp length from the start of the run
        --connections N          open loop: most connections (default 256)
        --concurrency N          closed loop with N connections (instead of --rate)
        --warmup-ms MS           unrecorded warm-up (default 0)
        --duration-ms MS         recorded duration (default 10000)
        --max-requests N         most requests in total (default 10000000)
        --timeout-ms MS          request timeout (default 30000)
        --method M               HTTP method (default GET, or POST with a body)
        --path P                 path and query (default /health, or /v1/chat/completions with --chat)
        --header 'K: V'          request header (repeatable)
        --body TEXT              request body
        --body-file FILE         request body from a file
        --chat                   POST a small OpenAI chat request to /v1/chat/completions
        --json                   print the result as JSON instead of a Markdown table
        --help                   print this text
      """;

  /**
   * Parsed flags.
   *
   * @param config the run
   * @param json whether to print JSON
   */
  public record Parsed(LoadConfig config, boolean json) {}

  private LoadFlags() {}

  /** Parses flags; null when {@code --help} was asked. Throws IllegalArgumentException naming the flag. */
  public static Parsed parse(String[] args) {
    Integer port = null;
    LoadConfig.Builder builder;
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> headers = new LinkedHashMap<>();
    boolean json = false;
    boolean chat = false;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      switch (flag) {
        case "--help", "-h" -> {
          return null;
        }
        case "--json" -> json = true;
        case "--chat" -> chat = true;
        default -> {
          if (!flag.startsWith("--") || i + 1 >= args.length) {
            throw new IllegalArgumentException(flag.startsWith("--") ? "flag " + flag + " needs a value"
                : "expected a flag, got '" + flag + "'");
          }
          String value = args[++i];
          if (flag.equals("--header")) {
            int colon = value.indexOf(':');
            if (colon <= 0) {
              throw new IllegalArgumentException("--header must be 'Name: value' (was '" + value + "')");
            }
            headers.put(value.substring(0, colon).trim(), value.substring(colon + 1).trim());
          } else {
            values.put(flag, value);
          }
        }
      }
    }
    if (!values.containsKey("--port")) {
      throw new IllegalArgumentException("--port is required");
    }
    builder = LoadConfig.builder(intValue("--port", values.get("--port")));
    if (values.containsKey("--concurrency")) {
      if (values.containsKey("--rate")) {
        throw new IllegalArgumentException("--rate (open loop) and --concurrency (closed loop) exclude each other");
      }
      builder.closedLoop(intValue("--concurrency", values.get("--concurrency")));
    } else {
      builder.openLoop(doubleValue("--rate", values.getOrDefault("--rate", "100")));
    }
    for (var e : values.entrySet()) {
      String flag = e.getKey();
      String value = e.getValue();
      switch (flag) {
        case "--port", "--rate", "--concurrency", "--method", "--path", "--body", "--body-file", "--ramp-from" -> { }
        case "--host" -> builder.host(value);
        case "--scenario" -> builder.scenario(value);
        case "--ramp-ms" -> builder.ramp(doubleValue("--ramp-from", values.getOrDefault("--ramp-from", "0")),
            longValue(flag, value));
        case "--connections" -> builder.connections(intValue(flag, value));
        case "--warmup-ms" -> builder.warmupMillis(longValue(flag, value));
        case "--duration-ms" -> builder.durationMillis(longValue(flag, value));
        case "--max-requests" -> builder.maxRequests(longValue(flag, value));
        case "--timeout-ms" -> builder.requestTimeoutMillis(longValue(flag, value));
        default -> throw new IllegalArgumentException("unknown flag " + flag);
      }
    }
    builder.request(request(values, headers, chat));
    return new Parsed(builder.build(), json);
  }

  private static RequestSpec request(Map<String, String> values, Map<String, String> headers, boolean chat) {
    byte[] body = body(values, chat);
    String method = values.getOrDefault("--method", body.length > 0 ? "POST" : "GET");
    String path = values.getOrDefault("--path", chat ? "/v1/chat/completions" : "/health");
    Map<String, String> all = new LinkedHashMap<>();
    if (chat) {
      all.put("content-type", "application/json");
    }
    all.putAll(headers);
    return new RequestSpec(HttpMethod.valueOf(method.toUpperCase(java.util.Locale.ROOT)), path, all, body,
        null, null);
  }

  private static byte[] body(Map<String, String> values, boolean chat) {
    if (values.containsKey("--body") && values.containsKey("--body-file")) {
      throw new IllegalArgumentException("--body and --body-file exclude each other");
    }
    if (values.containsKey("--body")) {
      return values.get("--body").getBytes(StandardCharsets.UTF_8);
    }
    if (values.containsKey("--body-file")) {
      try {
        return Files.readAllBytes(Path.of(values.get("--body-file")));
      } catch (IOException e) {
        throw new IllegalArgumentException("--body-file cannot be read (" + e.getMessage() + ")");
      }
    }
    if (chat) {
      return ("{\"model\":\"sim\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}],"
          + "\"metadata\":{\"task_type\":\"chat\"}}").getBytes(StandardCharsets.UTF_8);
    }
    return new byte[0];
  }
}

package dev.abgw.gateway.auth;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code --tokens FILE} format: {@code [{"name": "ci-judge", "role": "ingest", "token": "..."}]}. Every
 * problem is collected with its JSON pointer; a file with any problem is refused whole.
 */
final class TokensFile {
  private TokensFile() {}

  /** The parsed tokens, or the problems (never both). */
  record Parsed(List<TokenEntry> entries, List<String> problems) {}

  static Parsed parse(String text) {
    List<String> problems = new ArrayList<>();
    Object root;
    try {
      root = Json.decodeValue(text);
    } catch (DecodeException e) {
      return new Parsed(List.of(), List.of("the tokens file is not valid JSON: " + e.getMessage()));
    }
    if (!(root instanceof JsonArray array)) {
      return new Parsed(List.of(), List.of("the tokens file must be a JSON array of {name, role, token} objects"));
    }
    List<TokenEntry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "/" + i;
      if (!(array.getValue(i) instanceof JsonObject o)) {
        problems.add(at + " must be an object with name, role and token");
        continue;
      }
      String name = string(o, "name", at, problems);
      String role = string(o, "role", at, problems);
      String token = string(o, "token", at, problems);
      for (String key : o.fieldNames()) {
        if (!Set.of("name", "role", "token").contains(key)) problems.add(at + "/" + key + " is not a known field (name, role, token)");
      }
      Role r = role == null ? null : Role.fromWire(role);
      if (role != null && r == null) {
        problems.add(at + "/role must be one of admin, reviewer, viewer, ingest (was \"" + role + "\")");
      }
      if (token != null && token.length() < TokenEntry.MIN_LENGTH) {
        problems.add(at + "/token must be at least " + TokenEntry.MIN_LENGTH + " characters (was " + token.length() + ")");
      }
      if (name != null && !names.add(name)) problems.add(at + "/name \"" + name + "\" appears twice");
      if (token != null && !tokens.add(token)) problems.add(at + "/token is the same as an earlier entry's");
      if (name != null && r != null && token != null) entries.add(TokenEntry.of(name, r, token));
    }
    return problems.isEmpty() ? new Parsed(List.copyOf(entries), List.of()) : new Parsed(List.of(), List.copyOf(problems));
  }

  private static String string(JsonObject o, String key, String at, List<String> problems) {
    Object v = o.getValue(key);
    if (v instanceof String s && !s.isBlank()) return s;
    problems.add(at + "/" + key + (v == null ? " is required" : " must be a non-empty string"));
    return null;
  }
}

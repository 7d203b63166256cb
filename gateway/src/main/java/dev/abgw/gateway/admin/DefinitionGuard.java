package dev.abgw.gateway.admin;

import dev.abgw.gateway.store.SafeText;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds what {@code PUT /experiments/{id}} accepts before the definition is parsed: every string valid
 * Unicode (a lone surrogate is refused, naming its pointer), {@code description} at most
 * {@value #MAX_DESCRIPTION_CHARS} characters, each variant's {@code metadata} at most
 * {@value #MAX_METADATA_BYTES} bytes of JSON, and the whole definition at most {@value #MAX_DEFINITION_BYTES}
 * bytes. Unbounded definitions let one caller fill the store and stall {@code GET /experiments} for seconds.
 */
final class DefinitionGuard {
  static final int MAX_DEFINITION_BYTES = 256 * 1024;
  static final int MAX_DESCRIPTION_CHARS = 4096;
  static final int MAX_METADATA_BYTES = 16 * 1024;

  /** One problem: the JSON pointer of the field and the message, which starts with it. */
  record Problem(String pointer, String message) {
    JsonObject toJson() {
      return new JsonObject().put("pointer", pointer).put("message", message);
    }
  }

  private DefinitionGuard() {}

  /** Checked first: a body over the limit is not parsed at all. */
  static Problem tooLarge(int bodyBytes) {
    if (bodyBytes <= MAX_DEFINITION_BYTES) return null;
    return new Problem("", "the definition must be at most " + MAX_DEFINITION_BYTES + " bytes (was " + bodyBytes + ")");
  }

  /** Problems in a definition's text; empty when the text is not JSON (the parser reports that). */
  static List<Problem> problems(String text) {
    Object parsed;
    try {
      parsed = Json.decodeValue(text);
    } catch (DecodeException notJson) {
      return List.of();
    }
    List<Problem> out = new ArrayList<>();
    for (String m : SafeText.invalidStrings(parsed)) out.add(new Problem(m.substring(0, m.indexOf(' ')), m));
    if (!(parsed instanceof JsonObject o)) return out;
    if (o.getValue("description") instanceof String d && d.length() > MAX_DESCRIPTION_CHARS) {
      out.add(new Problem("/description", "/description must be at most " + MAX_DESCRIPTION_CHARS
          + " characters (was " + d.length() + ")"));
    }
    if (o.getValue("variants") instanceof JsonArray variants) {
      for (int i = 0; i < variants.size(); i++) {
        if (variants.getValue(i) instanceof JsonObject v && v.getValue("metadata") != null) {
          int bytes = Json.encode(v.getValue("metadata")).getBytes(StandardCharsets.UTF_8).length;
          if (bytes > MAX_METADATA_BYTES) {
            String p = "/variants/" + i + "/metadata";
            out.add(new Problem(p, p + " must be at most " + MAX_METADATA_BYTES + " bytes of JSON (was " + bytes + ")"));
          }
        }
      }
    }
    return out;
  }
}

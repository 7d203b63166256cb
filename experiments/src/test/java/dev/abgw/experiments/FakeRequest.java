package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/** A request for tests: headers (case-insensitive), query, body and input length. */
record FakeRequest(Map<String, String> headers, Map<String, String> queryParams, JsonNode body, long inputChars)
    implements RequestView {

  FakeRequest {
    TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    headers = h;
  }

  @Override
  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public String query(String name) {
    return queryParams.get(name);
  }
}

package dev.abgw.loadtest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * What the load generator sends. Fixed parts are the method, path and headers; the body is either
 * fixed or made per request by {@code bodySupplier} from the request number (so a scenario can vary the
 * unit id or segment deterministically), and {@code headerSupplier} may add headers per request.
 *
 * @param method HTTP method
 * @param path path and query, starting with '/'
 * @param headers headers sent with every request
 * @param body fixed body (may be empty)
 * @param bodySupplier per-request body from the request number, or null to send {@code body}
 * @param headerSupplier per-request extra headers from the request number, or null
 */
public record RequestSpec(HttpMethod method, String path, Map<String, String> headers, byte[] body,
    LongFunction<byte[]> bodySupplier, LongFunction<Map<String, String>> headerSupplier) {

  public RequestSpec {
    if (method == null) {
      throw new IllegalArgumentException("request.method must not be null");
    }
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("request.path must start with '/' (was " + path + ")");
    }
    headers = Map.copyOf(headers);
    body = body == null ? new byte[0] : body.clone();
  }

  /** {@code GET path} without body. */
  public static RequestSpec get(String path) {
    return new RequestSpec(HttpMethod.GET, path, Map.of(), new byte[0], null, null);
  }

  /** {@code POST path} with a JSON body. */
  public static RequestSpec postJson(String path, String json) {
    return new RequestSpec(HttpMethod.POST, path, Map.of("content-type", "application/json"),
        json.getBytes(StandardCharsets.UTF_8), null, null);
  }

  /** This spec with one more fixed header. */
  public RequestSpec withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new RequestSpec(method, path, copy, body, bodySupplier, headerSupplier);
  }

  /** This spec with a body made per request from the request number. */
  public RequestSpec withBodySupplier(LongFunction<byte[]> supplier) {
    return new RequestSpec(method, path, headers, body, supplier, headerSupplier);
  }

  /** This spec with extra headers made per request from the request number. */
  public RequestSpec withHeaderSupplier(LongFunction<Map<String, String>> supplier) {
    return new RequestSpec(method, path, headers, body, bodySupplier, supplier);
  }

  /** The fixed body (a copy). */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** Body of request number {@code sequence}. */
  Buffer bodyFor(long sequence) {
    return Buffer.buffer(bodySupplier == null ? body : bodySupplier.apply(sequence));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestSpec r && method.equals(r.method) && path.equals(r.path)
        && headers.equals(r.headers) && Arrays.equals(body, r.body)
        && bodySupplier == r.bodySupplier && headerSupplier == r.headerSupplier;
  }

  @Override
  public int hashCode() {
    return ((method.hashCode() * 31 + path.hashCode()) * 31 + headers.hashCode()) * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "RequestSpec[" + method + " " + path + ", headers=" + headers + ", body=" + body.length + " bytes"
        + (bodySupplier == null ? "" : ", per-request body") + "]";
  }
}

package dev.abgw.gateway.proxy;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RFC 9112 message framing the proxy enforces before it routes anything, so no ambiguous request reaches an
 * upstream (request smuggling) or is counted:
 * <ul>
 *   <li>{@code Content-Length} together with {@code Transfer-Encoding}: 400 and close (6.1);</li>
 *   <li>{@code Transfer-Encoding} whose final coding is not {@code chunked}: 400 and close (6.3);</li>
 *   <li>any other coding before {@code chunked} (gzip...): 501 and close (the gateway decodes none);</li>
 *   <li>an HTTP/1.1 request without exactly one {@code Host}, or an HTTP/1.0 one with several: 400 (3.2).</li>
 * </ul>
 */
final class Framing {
  /** A refusal: status, error code, message; {@code close} when the rest of the connection cannot be read. */
  record Problem(int status, String code, String message, boolean close) {}

  private Framing() {}

  static Problem check(HttpServerRequest req) {
    if (req.headers().contains(EdgeGuard.CL_AND_TE)) {
      return new Problem(400, "bad_framing", "a request must not carry both Content-Length and Transfer-Encoding"
          + " (RFC 9112 6.1)", true);
    }
    List<String> te = req.headers().getAll("transfer-encoding");
    if (!te.isEmpty()) {
      List<String> codings = new ArrayList<>();
      for (String v : te) {
        for (String c : v.split(",")) {
          String t = c.trim().toLowerCase(Locale.ROOT);
          if (!t.isEmpty()) codings.add(t);
        }
      }
      if (codings.isEmpty() || !codings.get(codings.size() - 1).equals("chunked")) {
        return new Problem(400, "bad_framing", "Transfer-Encoding must end with chunked (RFC 9112 6.3; was \""
            + String.join(", ", te) + "\")", true);
      }
      if (codings.size() > 1) {
        return new Problem(501, "unsupported_transfer_coding", "the only transfer coding accepted is chunked (was \""
            + String.join(", ", te) + "\")", true);
      }
    }
    int hosts = req.headers().getAll("host").size();
    if (req.version() == HttpVersion.HTTP_1_1 && hosts != 1) {
      return new Problem(400, "bad_host", "an HTTP/1.1 request must carry exactly one Host header (RFC 9112 3.2; had "
          + hosts + ")", false);
    }
    if (hosts > 1) {
      return new Problem(400, "bad_host", "a request must carry at most one Host header (had " + hosts + ")", false);
    }
    return null;
  }
}

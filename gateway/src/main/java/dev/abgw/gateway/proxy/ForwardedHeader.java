package dev.abgw.gateway.proxy;

/** One element of the {@code Forwarded} header (RFC 7239): {@code for=...;proto=...;host=...}. */
final class ForwardedHeader {
  private ForwardedHeader() {}

  static String element(String client, String proto, String host) {
    StringBuilder b = new StringBuilder();
    if (client != null) b.append("for=").append(client.indexOf(':') >= 0 ? "\"[" + client + "]\"" : value(client));
    if (b.length() > 0) b.append(';');
    b.append("proto=").append(value(proto));
    if (host != null) b.append(";host=").append(value(host));
    return b.toString();
  }

  /** A token as is, anything else as a quoted string (RFC 7230 3.2.6). */
  private static String value(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!token) return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    return v;
  }
}

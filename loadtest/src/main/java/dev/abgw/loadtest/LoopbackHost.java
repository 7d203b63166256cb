package dev.abgw.loadtest;

import java.util.regex.Pattern;

/**
 * The load generator's guard: it only ever targets this machine. Accepts {@code localhost}, an IPv4
 * literal in 127.0.0.0/8 and {@code ::1}; anything else, including host names (which would need a DNS
 * look-up), is refused.
 */
public final class LoopbackHost {

  private static final Pattern IPV4 = Pattern.compile("127\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  private LoopbackHost() {}

  /** Whether {@code host} is a loopback literal or {@code localhost}. */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.trim().toLowerCase(java.util.Locale.ROOT);
    if (h.equals("localhost") || h.equals("::1") || h.equals("[::1]")) {
      return true;
    }
    var m = IPV4.matcher(h);
    if (!m.matches()) {
      return false;
    }
    for (int g = 1; g <= 3; g++) {
      if (Integer.parseInt(m.group(g)) > 255) {
        return false;
      }
    }
    return true;
  }

  /**
   * The address to connect to for {@code host}: {@code localhost} becomes {@code 127.0.0.1},
   * {@code [::1]} becomes {@code ::1}.
   *
   * @throws IllegalArgumentException naming the host when it is not a loopback address
   */
  public static String require(String host) {
    if (!isLoopback(host)) {
      throw new IllegalArgumentException("host must be a loopback address (127.0.0.0/8, ::1 or localhost): "
          + "the load generator only sends traffic to this machine (was '" + host + "')");
    }
    String h = host.trim().toLowerCase(java.util.Locale.ROOT);
    return h.equals("localhost") ? "127.0.0.1" : h.equals("[::1]") ? "::1" : h;
  }
}

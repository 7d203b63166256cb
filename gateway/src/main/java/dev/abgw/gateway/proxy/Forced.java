package dev.abgw.gateway.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * QA override: {@code X-Abgw-Variant: NAME} forces a variant only when {@code X-Abgw-Admin-Token} carries
 * the admin token (compared in constant time). Forced requests are served but never counted.
 */
public final class Forced {
  public static final String VARIANT_HEADER = "x-abgw-variant";
  public static final String TOKEN_HEADER = "x-abgw-admin-token";

  private Forced() {}

  public static boolean tokenMatches(String expected, String given) {
    if (expected == null || given == null) return false;
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}

package dev.abgw.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One token of the tokens file (or {@code ABGW_ADMIN_TOKEN}). Only its SHA-256 is kept: tokens of any length
 * then compare in constant time ({@link MessageDigest#isEqual} of two 32-byte digests).
 */
record TokenEntry(Principal principal, byte[] sha256) {
  static final int MIN_LENGTH = 16;

  static TokenEntry of(String name, Role role, String token) {
    return new TokenEntry(new Principal(name, role), digest(token));
  }

  boolean matches(byte[] givenSha256) {
    return MessageDigest.isEqual(sha256, givenSha256);
  }

  static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }
}

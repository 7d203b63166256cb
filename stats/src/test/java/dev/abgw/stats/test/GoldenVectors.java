package dev.abgw.stats.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the golden vectors and compares with their tolerance. */
final class GoldenVectors {

  private GoldenVectors() {}

  static JsonNode load(String name) {
    try (InputStream in = GoldenVectors.class.getResourceAsStream("/stats-vectors/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /stats-vectors/" + name);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 1e-6 relative, or 1e-9 absolute when the expected value is near zero. */
  static void assertClose(String what, double actual, double expected) {
    double tolerance = Math.max(1e-9, 1e-6 * Math.abs(expected));
    assertThat(actual).as(what + " (expected " + expected + ")").isCloseTo(
        expected, org.assertj.core.data.Offset.offset(tolerance));
  }
}

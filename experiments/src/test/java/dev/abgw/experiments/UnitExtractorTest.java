package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitExtractorTest {

  @Test
  void reads_a_header_case_insensitively() {
    FakeRequest req = new FakeRequest(Map.of("x-user-id", " u-1 "), Map.of(), null, 0);
    assertThat(UnitExtractor.unitId(UnitSpec.header("X-User-Id", UnitFallback.REQUEST), req)).contains("u-1");
  }

  @Test
  void reads_a_cookie_among_others() {
    FakeRequest req = new FakeRequest(Map.of("Cookie", "theme=dark; sid=\"abc123\"; other=1"), Map.of(), null, 0);
    assertThat(UnitExtractor.unitId(UnitSpec.cookie("sid", UnitFallback.REQUEST), req)).contains("abc123");
    assertThat(UnitExtractor.unitId(UnitSpec.cookie("missing", UnitFallback.REQUEST), req)).isEmpty();
  }

  @Test
  void reads_a_body_scalar_and_treats_blank_or_structured_values_as_absent() {
    UnitSpec spec = UnitSpec.body("/user", UnitFallback.REQUEST);
    assertThat(UnitExtractor.unitId(spec, new FakeRequest(Map.of(), Map.of(), Fixtures.json("{\"user\": \"alice\"}"), 0))).contains("alice");
    assertThat(UnitExtractor.unitId(spec, new FakeRequest(Map.of(), Map.of(), Fixtures.json("{\"user\": 17}"), 0))).contains("17");
    assertThat(UnitExtractor.unitId(spec, new FakeRequest(Map.of(), Map.of(), Fixtures.json("{\"user\": \" \"}"), 0))).isEmpty();
    assertThat(UnitExtractor.unitId(spec, new FakeRequest(Map.of(), Map.of(), Fixtures.json("{\"user\": {\"id\": 1}}"), 0))).isEmpty();
    assertThat(UnitExtractor.unitId(spec, new FakeRequest(Map.of(), Map.of(), Fixtures.json("{\"user\": null}"), 0))).isEmpty();
    assertThat(UnitExtractor.unitId(spec, new FakeRequest(Map.of(), Map.of(), null, 0))).isEmpty();
  }
}

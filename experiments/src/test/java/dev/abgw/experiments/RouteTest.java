package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouteTest {

  private final Route chat = Route.of("/v1/chat");

  @Test
  void matches_the_prefix_itself_and_paths_below_it() {
    assertThat(chat.matches("any", "/v1/chat")).isTrue();
    assertThat(chat.matches("any", "/v1/chat/")).isTrue();
    assertThat(chat.matches("any", "/v1/chat/completions")).isTrue();
    assertThat(chat.matches(null, "/v1/chat/completions")).isTrue();
  }

  @Test
  void does_not_match_a_longer_segment_or_a_parent() {
    assertThat(chat.matches("any", "/v1/chatter")).isFalse();
    assertThat(chat.matches("any", "/v1")).isFalse();
    assertThat(chat.matches("any", "/v2/chat")).isFalse();
    assertThat(chat.matches("any", null)).isFalse();
  }

  @Test
  void ignores_a_query_string_left_on_the_path() {
    assertThat(chat.matches("any", "/v1/chat?stream=true")).isTrue();
    assertThat(chat.matches("any", "/v1/chatter?x=/v1/chat")).isFalse();
  }

  @Test
  void a_prefix_ending_in_slash_matches_everything_below() {
    assertThat(Route.of("/").matches("h", "/anything")).isTrue();
    assertThat(Route.of("/v1/").matches("h", "/v1/x")).isTrue();
    assertThat(Route.of("/v1/").matches("h", "/v1")).isFalse();
  }

  @Test
  void matches_host_case_insensitively_ignoring_ports() {
    Route r = new Route("/v1", "Support.Example.com");
    assertThat(r.matches("support.example.com", "/v1")).isTrue();
    assertThat(r.matches("SUPPORT.EXAMPLE.COM:8443", "/v1")).isTrue();
    assertThat(r.matches("support.example.com.evil", "/v1")).isFalse();
    assertThat(r.matches("other.example.com", "/v1")).isFalse();
    assertThat(r.matches(null, "/v1")).isFalse();
    assertThat(new Route("/v1", "support.example.com:80").matches("support.example.com:9999", "/v1")).isTrue();
    assertThat(new Route("/v1", "[::1]").matches("[::1]:8080", "/v1")).isTrue();
  }

  @Test
  void rejects_a_prefix_without_leading_slash() {
    assertThatThrownBy(() -> Route.of("v1")).hasMessage("pathPrefix must start with \"/\" (was \"v1\")");
  }
}

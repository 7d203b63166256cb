package dev.abgw.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchMainTest {

  @Test
  void a_flag_out_of_range_is_a_usage_error_that_names_it() {
    String err = stderrOf(() -> assertThat(BenchMain.run(new String[] {"overhead", "--duration-seconds", "99"})).isEqualTo(2));
    assertThat(err).contains("--duration-seconds must be between 1 and 60 (was 99)").doesNotContain("at dev.abgw");
  }

  @Test
  void an_unknown_path_is_a_usage_error_that_lists_the_known_ones() {
    String err = stderrOf(() -> assertThat(BenchMain.run(new String[] {"overhead", "--paths", "nginx",
        "--rates", "1000", "--duration-seconds", "1", "--warmup-seconds", "0"})).isEqualTo(2));
    assertThat(err).contains("--paths: unknown path 'nginx'; this run has direct, gateway").doesNotContain("at dev.abgw");
  }

  private static String stderrOf(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}

package dev.abgw.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadResultTest {

  private static LoadResult result() {
    Histogram latency = new Histogram(3_600_000_000L, 3);
    for (int i = 1; i <= 1000; i++) {
      latency.recordValue(i * 1000L); // 1..1000 ms
    }
    return new LoadResult("chat|open", LoadMode.OPEN_LOOP, 200, 16, 199.5, 2000, 500, 1000,
        Map.of(200, 990L, 500, 7L, 404, 3L), 2, 1, 0, 12345, latency, null);
  }

  @Test
  void counts_4xx_5xx_transport_errors_and_timeouts_as_errors() {
    assertThat(result().errors()).isEqualTo(7 + 3 + 2 + 1);
  }

  @Test
  void renders_a_markdown_row_under_the_documented_columns() {
    String table = LoadResultTable.markdown(java.util.List.of(result()));
    assertThat(table).startsWith(
        "| scenario | target rps | achieved rps | p50 | p90 | p99 | p99.9 | max (ms) | errors |\n|---|");
    assertThat(table).contains("| chat\\|open | 200 | 200 | 500 | 900 | 990 | 999 | 1000 | 13 |\n");
  }

  @Test
  void serialises_to_json_with_a_decodable_histogram() throws Exception {
    JsonObject json = result().toJson();
    assertThat(json.getString("mode")).isEqualTo("OPEN_LOOP");
    assertThat(json.getJsonObject("statusCounts").getLong("500")).isEqualTo(7);
    assertThat(json.getJsonObject("latencyMillis").getDouble("p99")).isCloseTo(990.0, org.assertj.core.api.Assertions.within(1.0));
    assertThat(json.getLong("errors")).isEqualTo(13);
    byte[] encoded = Base64.getDecoder().decode(json.getString("latencyHistogramMicros"));
    Histogram decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
    assertThat(decoded.getTotalCount()).isEqualTo(1000);
    assertThat(decoded.getMaxValue()).isEqualTo(result().latency().getMaxValue());
  }

  @Test
  void labels_closed_loop_runs_by_their_concurrency() {
    LoadResult closed = new LoadResult("c", LoadMode.CLOSED_LOOP, 0, 8, 10, 1000, 10, 10, Map.of(200, 10L),
        0, 0, 0, 0, new Histogram(3), null);
    assertThat(closed.toMarkdownRow()).startsWith("| c | closed x8 | 10.0 | 0.00 |");
  }
}

package dev.abgw.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.RequestView;
import dev.abgw.experiments.SegmentDimension;
import dev.abgw.experiments.SegmentExtractor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of reading a request's segment values (a body pointer, a header, an input-length bucket) from an
 * already parsed body; parsing the body is the proxy's cost, measured separately in {@link #parseAndExtract}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SegmentExtractionBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"user\":\"user-42\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"My order arrived broken, can I get a refund?\"}],\"metadata\":{\"task_type\":\"refund\"}}";

  private List<SegmentDimension> dimensions;
  private View view;

  /** A request as the gateway presents it. */
  record View(Map<String, String> headers, JsonNode body, long inputChars) implements RequestView {
    @Override
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String query(String name) {
      return null;
    }
  }

  @Setup
  public void setUp() throws Exception {
    Experiment e = BenchExperiments.threeArms();
    dimensions = e.segments();
    view = new View(Map.of("accept-language", "de-DE"), JSON.readTree(BODY), BODY.length());
  }

  @Benchmark
  public Map<String, String> extract() {
    return SegmentExtractor.fromRequest(dimensions, view);
  }

  @Benchmark
  public Map<String, String> parseAndExtract() throws Exception {
    return SegmentExtractor.fromRequest(dimensions, new View(view.headers(), JSON.readTree(BODY), BODY.length()));
  }
}

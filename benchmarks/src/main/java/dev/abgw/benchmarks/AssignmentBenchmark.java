package dev.abgw.benchmarks;

import dev.abgw.experiments.Assigner;
import dev.abgw.experiments.Assignment;
import dev.abgw.experiments.Experiment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Cost of placing one unit: xxHash64 of salt and unit id, inclusion and variant buckets. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AssignmentBenchmark {

  private Experiment experiment;
  private Assigner assigner;
  private String[] units;
  private int next;

  @Setup
  public void setUp() {
    experiment = BenchExperiments.threeArms();
    assigner = Assigner.of(experiment);
    units = new String[4096];
    for (int i = 0; i < units.length; i++) {
      units[i] = "user-" + (i * 7919L) + "@example.com";
    }
  }

  /** The bound assigner the proxy uses: no allocation per call. */
  @Benchmark
  public Assignment assignBound() {
    return assigner.assign(units[next++ & 4095]);
  }

  /** The static form, which allocates the returned assignment. */
  @Benchmark
  public Assignment assignStatic() {
    return Assigner.assign(experiment, units[next++ & 4095]);
  }
}

package dev.abgw.analysis.cell;

/** Exposed units and proxied requests of one variant. */
public record ArmCounts(long units, long requests) {
  public static ArmCounts empty() {
    return new ArmCounts(0, 0);
  }

  public ArmCounts plus(ArmCounts o) {
    return new ArmCounts(units + o.units, requests + o.requests);
  }
}

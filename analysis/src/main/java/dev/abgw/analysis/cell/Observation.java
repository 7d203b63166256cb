package dev.abgw.analysis.cell;

/** One value of one metric for the unit of a record, to be added to the cell {@code key}. */
public record Observation(StatKey key, double value) {
  public Observation {
    if (key == null) throw new IllegalArgumentException("key must not be null");
    if (!Double.isFinite(value)) throw new IllegalArgumentException("value must be finite (was " + value + ")");
  }
}

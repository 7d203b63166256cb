package dev.abgw.stats.quantile;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The distribution of one continuous metric (latency, time to first byte, tokens, judgment score) for one
 * variant, as an HdrHistogram that merges exactly across gateway instances and serializes compactly.
 *
 * <p>Representation: an auto-resizing {@link org.HdrHistogram.Histogram} with 3 significant decimal digits
 * and a lowest discernible value of 1, recording {@code round(value * unitsPerValue)} for a fixed per-metric
 * {@link ValueScale}. Integer units (rather than {@code DoubleHistogram}, whose auto-ranging shifts bucket
 * boundaries per instance) make bucket boundaries identical in every instance, so {@link #merge} only adds
 * counts and is exact. 0 records (as 0 units); negative values are rejected.
 *
 * <p>Reading: an order statistic is read as the center of the bucket holding the requested rank: exact for
 * values below 2048 units (buckets of width 1), otherwise within half a bucket, a relative error below 1/2048,
 * of the recorded value.
 *
 * <p>Not thread-safe: the gateway's hot path records into a {@link ValueRecorder} and flushes its interval
 * histograms into a {@code ValueHistogram}.
 */
public final class ValueHistogram {

  /** HdrHistogram precision: 3 significant decimal digits. */
  public static final int SIGNIFICANT_DIGITS = 3;

  private static final int COOKIE = 0x41425148; // "ABQH"
  private static final byte FORMAT_VERSION = 1;
  private static final int HEADER_BYTES = Integer.BYTES + 1 + Double.BYTES;

  private final ValueScale scale;
  private final Histogram histogram;

  private ValueHistogram(ValueScale scale, Histogram histogram) {
    this.scale = Objects.requireNonNull(scale, "scale");
    this.histogram = histogram;
    this.histogram.setAutoResize(true);
  }

  /** An empty histogram for values at {@code scale}. */
  public static ValueHistogram empty(ValueScale scale) {
    return new ValueHistogram(scale, new Histogram(SIGNIFICANT_DIGITS));
  }

  /** A histogram holding {@code values} at {@code scale}. */
  public static ValueHistogram of(ValueScale scale, double... values) {
    ValueHistogram h = empty(scale);
    for (double v : values) {
      h.record(v);
    }
    return h;
  }

  /** Wraps an HdrHistogram whose values are already in {@code scale}'s units (used by {@link ValueRecorder}). */
  static ValueHistogram wrap(ValueScale scale, Histogram unitsHistogram) {
    requireLayout(unitsHistogram);
    return new ValueHistogram(scale, unitsHistogram);
  }

  /** Records one value ({@code >= 0}, finite). */
  public void record(double value) {
    histogram.recordValue(scale.toUnits(value));
  }

  /** Records {@code count} occurrences of {@code value}. */
  public void recordWithCount(double value, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0 (was " + count + ")");
    }
    histogram.recordValueWithCount(scale.toUnits(value), count);
  }

  /**
   * Adds every value of {@code other} into this histogram. Exact: both share bucket boundaries, so counts add.
   *
   * @throws IllegalArgumentException if the scales differ
   */
  public void merge(ValueHistogram other) {
    Objects.requireNonNull(other, "other");
    if (!scale.equals(other.scale)) {
      throw new IllegalArgumentException("other.scale must equal " + scale + " to merge (was " + other.scale + ")");
    }
    histogram.add(other.histogram);
  }

  /** An independent copy. */
  public ValueHistogram copy() {
    return new ValueHistogram(scale, histogram.copy());
  }

  /** The scale values are recorded at. */
  public ValueScale scale() {
    return scale;
  }

  /** Number of recorded values n. */
  public long count() {
    return histogram.getTotalCount();
  }

  /**
   * The sample quantile {@code X_(k)} with {@code k = max(1, ceil(q n))}, the inverse of the empirical CDF.
   *
   * @param q quantile in [0, 1]
   * @throws IllegalArgumentException if q is outside [0, 1]
   * @throws IllegalStateException if the histogram is empty
   */
  public double valueAtQuantile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("q must be between 0 and 1 (was " + q + ")");
    }
    return valueAtRank(rankOfQuantile(q, count()));
  }

  /** The rank of the sample quantile q among n values: {@code max(1, ceil(q n))}, guarded against round-off. */
  static long rankOfQuantile(double q, long n) {
    return Math.max(1, (long) Math.ceil(q * n - 1e-9 * Math.max(1, q * n)));
  }

  /** The order statistic {@code X_(rank)}, 1-based: the smallest value has rank 1, the largest rank n. */
  public double valueAtRank(long rank) {
    return valuesAtRanks(rank)[0];
  }

  /**
   * The order statistics {@code X_(r)} for each rank r (1-based, any order), read in one pass over the buckets.
   *
   * @throws IllegalStateException if the histogram is empty
   * @throws IllegalArgumentException if a rank is outside [1, n]
   */
  public double[] valuesAtRanks(long... ranks) {
    long n = count();
    if (n == 0) {
      throw new IllegalStateException("count must be > 0 to read an order statistic (was 0)");
    }
    for (int i = 0; i < ranks.length; i++) {
      if (ranks[i] < 1 || ranks[i] > n) {
        throw new IllegalArgumentException("ranks[" + i + "] must be between 1 and " + n + " (was " + ranks[i] + ")");
      }
    }
    Integer[] order = IntStream.range(0, ranks.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingLong(i -> ranks[i]));
    double[] values = new double[ranks.length];
    int next = 0;
    long cumulative = 0;
    for (HistogramIterationValue bucket : histogram.recordedValues()) {
      cumulative += bucket.getCountAtValueIteratedTo();
      double value = scale.toValue(bucketCenter(bucket.getValueIteratedTo()));
      while (next < order.length && ranks[order[next]] <= cumulative) {
        values[order[next++]] = value;
      }
      if (next == order.length) {
        break;
      }
    }
    return values;
  }

  /**
   * The center of the integer units sharing {@code units}' bucket: {@code units} itself below 2048 (buckets of
   * width 1), else within half a bucket of every value in it. Unlike HdrHistogram's median equivalent value,
   * it returns integer values recorded in width-1 buckets unchanged.
   */
  private double bucketCenter(long units) {
    return (histogram.lowestEquivalentValue(units) + (double) histogram.highestEquivalentValue(units)) / 2;
  }

  /**
   * Compact bytes: a 13-byte header (cookie "ABQH", format version 1, unitsPerValue as a double) followed by
   * HdrHistogram's compressed encoding ({@code encodeIntoCompressedByteBuffer}).
   */
  public byte[] encode() {
    ByteBuffer body = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int bodyLength = histogram.encodeIntoCompressedByteBuffer(body);
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + bodyLength);
    out.putInt(COOKIE).put(FORMAT_VERSION).putDouble(scale.unitsPerValue());
    out.put(body.array(), 0, bodyLength);
    return out.array();
  }

  /**
   * Reads bytes written by {@link #encode()}.
   *
   * @throws IllegalArgumentException if the bytes are not a ValueHistogram encoding
   */
  public static ValueHistogram decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length < HEADER_BYTES) {
      throw new IllegalArgumentException(
          "bytes.length must be >= " + HEADER_BYTES + " for a ValueHistogram encoding (was " + bytes.length + ")");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int cookie = in.getInt();
    if (cookie != COOKIE) {
      throw new IllegalArgumentException(String.format(
          "bytes must start with the ValueHistogram cookie 0x%08x (was 0x%08x)", COOKIE, cookie));
    }
    byte version = in.get();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("format version must be " + FORMAT_VERSION + " (was " + version + ")");
    }
    ValueScale scale = new ValueScale(in.getDouble());
    try {
      // HdrHistogram reads the buffer's backing array from index 0, so the body gets its own array
      ByteBuffer body = ByteBuffer.wrap(Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length));
      Histogram decoded = Histogram.decodeFromCompressedByteBuffer(body, 0);
      requireLayout(decoded);
      return new ValueHistogram(scale, decoded);
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("bytes must hold a compressed HdrHistogram after the header: " + e.getMessage(), e);
    }
  }

  private static void requireLayout(Histogram h) {
    if (h.getNumberOfSignificantValueDigits() != SIGNIFICANT_DIGITS || h.getLowestDiscernibleValue() != 1) {
      throw new IllegalArgumentException("histogram must have " + SIGNIFICANT_DIGITS
          + " significant digits and lowest discernible value 1 (was "
          + h.getNumberOfSignificantValueDigits() + ", " + h.getLowestDiscernibleValue() + ")");
    }
  }

  /** Same scale and the same count in every bucket. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ValueHistogram other) || !scale.equals(other.scale) || count() != other.count()) {
      return false;
    }
    var mine = histogram.recordedValues().iterator();
    var theirs = other.histogram.recordedValues().iterator();
    while (mine.hasNext() && theirs.hasNext()) {
      HistogramIterationValue a = mine.next();
      HistogramIterationValue b = theirs.next();
      if (a.getValueIteratedTo() != b.getValueIteratedTo()
          || a.getCountAtValueIteratedTo() != b.getCountAtValueIteratedTo()) {
        return false;
      }
    }
    return mine.hasNext() == theirs.hasNext();
  }

  @Override
  public int hashCode() {
    return Objects.hash(scale, count(), histogram.getMaxValue(), histogram.getMinValue());
  }

  @Override
  public String toString() {
    return "ValueHistogram[unitsPerValue=" + scale.unitsPerValue() + ", count=" + count() + "]";
  }
}

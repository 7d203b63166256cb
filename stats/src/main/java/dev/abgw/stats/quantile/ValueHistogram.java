package dev.abgw.stats.quantile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
 * counts and is exact. 0 records (as 0 units).
 *
 * <p>Negative values (a score difference, a preference -1/0/1, a cost delta) go to a second histogram of
 * their magnitudes, created on the first negative value: HdrHistogram records only non-negative integers,
 * and shifting by a fixed offset would cost the relative precision near 0 (and needs a declared minimum,
 * which a metric may not have). Both halves use the same layout, so precision is the same for {@code -x}
 * and {@code x}, merging stays exact, and order statistics read the negative half from its largest
 * magnitude down, then the non-negative half upwards.
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
  /** Version 1: non-negative values only (the layout of every histogram without negatives). */
  private static final byte FORMAT_VERSION = 1;
  /** Version 2: after the header, the negative half's body length (int), its body, then version 1's body. */
  private static final byte SIGNED_FORMAT_VERSION = 2;
  private static final int HEADER_BYTES = Integer.BYTES + 1 + Double.BYTES;

  private final ValueScale scale;
  /** Values >= 0, in units. */
  private final Histogram histogram;
  /** Magnitudes of negative values, in units; null until the first negative value. */
  private Histogram negative;

  private ValueHistogram(ValueScale scale, Histogram histogram, Histogram negative) {
    this.scale = Objects.requireNonNull(scale, "scale");
    this.histogram = histogram;
    this.histogram.setAutoResize(true);
    this.negative = negative == null || negative.getTotalCount() == 0 ? null : negative;
    if (this.negative != null) {
      this.negative.setAutoResize(true);
    }
  }

  /** An empty histogram for values at {@code scale}. */
  public static ValueHistogram empty(ValueScale scale) {
    return new ValueHistogram(scale, new Histogram(SIGNIFICANT_DIGITS), null);
  }

  /** A histogram holding {@code values} at {@code scale}. */
  public static ValueHistogram of(ValueScale scale, double... values) {
    ValueHistogram h = empty(scale);
    for (double v : values) {
      h.record(v);
    }
    return h;
  }

  /**
   * Wraps HdrHistograms whose values are already in {@code scale}'s units (used by {@link ValueRecorder}):
   * the non-negative values and the magnitudes of the negative ones (null when there are none).
   */
  static ValueHistogram wrap(ValueScale scale, Histogram unitsHistogram, Histogram negativeMagnitudes) {
    requireLayout(unitsHistogram);
    if (negativeMagnitudes != null) {
      requireLayout(negativeMagnitudes);
    }
    return new ValueHistogram(scale, unitsHistogram, negativeMagnitudes);
  }

  /** Records one value (finite, magnitude at most {@link ValueScale#maxValue()}). */
  public void record(double value) {
    recordUnits(scale.toUnits(value), 1);
  }

  private void recordUnits(long units, long count) {
    if (units >= 0) {
      histogram.recordValueWithCount(units, count);
    } else {
      negativeHalf().recordValueWithCount(-units, count);
    }
  }

  private Histogram negativeHalf() {
    if (negative == null) {
      negative = new Histogram(SIGNIFICANT_DIGITS);
      negative.setAutoResize(true);
    }
    return negative;
  }

  /** Records {@code count} occurrences of {@code value}. */
  public void recordWithCount(double value, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0 (was " + count + ")");
    }
    recordUnits(scale.toUnits(value), count);
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
    if (other.negative != null) {
      negativeHalf().add(other.negative);
    }
  }

  /** An independent copy. */
  public ValueHistogram copy() {
    return new ValueHistogram(scale, histogram.copy(), negative == null ? null : negative.copy());
  }

  /** The scale values are recorded at. */
  public ValueScale scale() {
    return scale;
  }

  /** Number of recorded values n. */
  public long count() {
    return histogram.getTotalCount() + negativeCount();
  }

  private long negativeCount() {
    return negative == null ? 0 : negative.getTotalCount();
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
    if (negative != null) {
      // Smallest value first: the negative half from its largest magnitude down.
      List<long[]> buckets = new ArrayList<>();
      for (HistogramIterationValue bucket : negative.recordedValues()) {
        buckets.add(new long[] {bucket.getValueIteratedTo(), bucket.getCountAtValueIteratedTo()});
      }
      for (int b = buckets.size() - 1; b >= 0 && next < order.length; b--) {
        cumulative += buckets.get(b)[1];
        double value = -scale.toValue(bucketCenter(negative, buckets.get(b)[0]));
        while (next < order.length && ranks[order[next]] <= cumulative) {
          values[order[next++]] = value;
        }
      }
    }
    for (HistogramIterationValue bucket : histogram.recordedValues()) {
      if (next == order.length) {
        break;
      }
      cumulative += bucket.getCountAtValueIteratedTo();
      double value = scale.toValue(bucketCenter(histogram, bucket.getValueIteratedTo()));
      while (next < order.length && ranks[order[next]] <= cumulative) {
        values[order[next++]] = value;
      }
    }
    return values;
  }

  /**
   * The center of the integer units sharing {@code units}' bucket: {@code units} itself below 2048 (buckets of
   * width 1), else within half a bucket of every value in it. Unlike HdrHistogram's median equivalent value,
   * it returns integer values recorded in width-1 buckets unchanged.
   */
  private static double bucketCenter(Histogram h, long units) {
    return (h.lowestEquivalentValue(units) + (double) h.highestEquivalentValue(units)) / 2;
  }

  /**
   * Compact bytes: a 13-byte header (cookie "ABQH", format version, unitsPerValue as a double) followed by
   * HdrHistogram's compressed encoding ({@code encodeIntoCompressedByteBuffer}). Version 1 (no negative
   * value) has one body; version 2 has the negative half's body length as an int, its body, then the
   * non-negative body. A histogram without negatives is written as version 1, so instances that predate
   * signed values still read it.
   */
  public byte[] encode() {
    byte[] body = compressed(histogram);
    if (negative == null || negative.getTotalCount() == 0) {
      ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + body.length);
      out.putInt(COOKIE).put(FORMAT_VERSION).putDouble(scale.unitsPerValue()).put(body);
      return out.array();
    }
    byte[] negativeBody = compressed(negative);
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + Integer.BYTES + negativeBody.length + body.length);
    out.putInt(COOKIE).put(SIGNED_FORMAT_VERSION).putDouble(scale.unitsPerValue())
        .putInt(negativeBody.length).put(negativeBody).put(body);
    return out.array();
  }

  private static byte[] compressed(Histogram h) {
    ByteBuffer body = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int length = h.encodeIntoCompressedByteBuffer(body);
    return Arrays.copyOf(body.array(), length);
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
    if (version != FORMAT_VERSION && version != SIGNED_FORMAT_VERSION) {
      throw new IllegalArgumentException("format version must be " + FORMAT_VERSION + " or "
          + SIGNED_FORMAT_VERSION + " (was " + version + ")");
    }
    ValueScale scale = new ValueScale(in.getDouble());
    try {
      int start = HEADER_BYTES;
      Histogram negative = null;
      if (version == SIGNED_FORMAT_VERSION) {
        int negativeLength = in.getInt();
        start += Integer.BYTES;
        if (negativeLength < 0 || negativeLength > bytes.length - start) {
          throw new IllegalArgumentException("negative body length must be between 0 and "
              + (bytes.length - start) + " (was " + negativeLength + ")");
        }
        negative = decompressed(bytes, start, start + negativeLength);
        start += negativeLength;
      }
      return new ValueHistogram(scale, decompressed(bytes, start, bytes.length), negative);
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("bytes must hold a compressed HdrHistogram after the header: " + e.getMessage(), e);
    }
  }

  private static Histogram decompressed(byte[] bytes, int from, int to) throws DataFormatException {
    // HdrHistogram reads the buffer's backing array from index 0, so the body gets its own array
    Histogram decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Arrays.copyOfRange(bytes, from, to)), 0);
    requireLayout(decoded);
    return decoded;
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
    if (!(o instanceof ValueHistogram other) || !scale.equals(other.scale) || count() != other.count()
        || negativeCount() != other.negativeCount()) {
      return false;
    }
    return sameBuckets(histogram, other.histogram)
        && (negativeCount() == 0 || sameBuckets(negative, other.negative));
  }

  private static boolean sameBuckets(Histogram left, Histogram right) {
    var mine = left.recordedValues().iterator();
    var theirs = right.recordedValues().iterator();
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
    return Objects.hash(scale, count(), histogram.getMaxValue(), histogram.getMinValue(),
        negative == null ? 0 : negative.getMaxValue());
  }

  @Override
  public String toString() {
    return "ValueHistogram[unitsPerValue=" + scale.unitsPerValue() + ", count=" + count() + "]";
  }
}

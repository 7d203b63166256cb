package dev.abgw.stats.report;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abgw.stats.test.SequentialResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What sequential mode remembers between reports of one experiment: per (metric, variant) and
 * for the absolute and relative effect, the running intersection of the confidence sequence's
 * intervals and the running minimum of its p-values. A confidence sequence covers the truth at
 * every look simultaneously, so the intersection of its intervals covers it too, and the minimum
 * p-value stays valid (Howard et al. 2021, section 3; Waudby-Smith et al. 2021).
 *
 * <p>Immutable. The gateway stores it as a string: {@link #toJson()} / {@link #fromJson}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonAutoDetect(getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public record SequentialState(@JsonProperty("tracks") List<Track> tracks) {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @JsonCreator
  public SequentialState {
    tracks = tracks == null ? List.of() : List.copyOf(tracks);
  }

  public static SequentialState empty() {
    return new SequentialState(List.of());
  }

  public static SequentialState fromJson(String json) {
    if (json == null || json.isBlank()) {
      return empty();
    }
    try {
      return MAPPER.readValue(json, SequentialState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("sequential state is not valid JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  public String toJson() {
    try {
      return MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize sequential state", e);
    }
  }

  public Optional<Track> find(String metric, String variant) {
    return tracks.stream()
        .filter(t -> t.metric().equals(metric) && t.variant().equals(variant))
        .findFirst();
  }

  /** This state with {@code track} replacing any track of the same (metric, variant). */
  public SequentialState with(Track track) {
    List<Track> next = new ArrayList<>();
    for (Track t : tracks) {
      if (!(t.metric().equals(track.metric()) && t.variant().equals(track.variant()))) {
        next.add(t);
      }
    }
    next.add(track);
    return new SequentialState(next);
  }

  /** Running values of one (metric, variant); {@code relative} is null while undefined. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Track(
      @JsonProperty("metric") String metric,
      @JsonProperty("variant") String variant,
      @JsonProperty("absolute") Bound absolute,
      @JsonProperty("relative") Bound relative) {

    @JsonCreator
    public Track {
      if (metric == null || variant == null || absolute == null) {
        throw new IllegalArgumentException(
            "track needs metric, variant and absolute (was " + metric + ", " + variant + ")");
      }
    }
  }

  /**
   * Running intersection {@code [low, high]}, running minimum p-value, and the number of looks
   * merged into it.
   */
  public record Bound(
      @JsonProperty("low") double low,
      @JsonProperty("high") double high,
      @JsonProperty("minP") double minP,
      @JsonProperty("looks") int looks) {

    @JsonCreator
    public Bound {
      if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
        throw new IllegalArgumentException(
            "bound must be finite with low <= high (was [" + low + ", " + high + "])");
      }
      if (!(minP >= 0 && minP <= 1)) {
        throw new IllegalArgumentException("minP must be between 0 and 1 (was " + minP + ")");
      }
      if (looks < 1) {
        throw new IllegalArgumentException("looks must be >= 1 (was " + looks + ")");
      }
    }

    public static Bound first(SequentialResult look) {
      return new Bound(look.low(), look.high(), look.pValue(), 1);
    }

    /**
     * Merge a new look. If the intervals no longer overlap (only possible once the sequence has
     * rejected 0 and the estimate keeps moving, probability below alpha under the model), the
     * interval collapses to the point between the crossing bounds rather than becoming empty.
     */
    public Bound merge(SequentialResult look) {
      double newLow = Math.max(low, look.low());
      double newHigh = Math.min(high, look.high());
      if (newLow > newHigh) {
        double mid = (newLow + newHigh) / 2;
        newLow = mid;
        newHigh = mid;
      }
      return new Bound(newLow, newHigh, Math.min(minP, look.pValue()), looks + 1);
    }

    public SequentialResult asResult() {
      return new SequentialResult(low, high, minP);
    }
  }
}

package dev.abgw.experiments;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Deterministic assignment of units to variants.
 *
 * <h2>How a unit is placed</h2>
 * <ol>
 *   <li>If the experiment is not {@link Status#RUNNING}, the unit gets control and is not counted.</li>
 *   <li>Inclusion: the unit is in the experiment iff {@code inclusionBucket(salt, unit) < allocation}, where
 *       {@code inclusionBucket} hashes with seed {@value #INCLUSION_SEED}. Otherwise: control, not counted.</li>
 *   <li>Variant: {@code u = bucket(salt, unit) * totalWeight} (seed {@value #VARIANT_SEED}) falls into one of the
 *       cumulative weight ranges {@code [w0), [w0, w0+w1), ...} taken in declaration order; that arm is served
 *       and counted.</li>
 * </ol>
 * The two buckets come from independently seeded hashes, so raising {@code allocation} only admits new units:
 * every unit already in keeps its arm. Changing weights moves only the units whose bucket crosses a boundary;
 * changing the salt reshuffles everyone.
 *
 * <h2>Hash</h2>
 * {@code h = XXH64(UTF-8(salt) || 0x00 || UTF-8(unitId), seed)} (xxHash64, little-endian, as specified by
 * its author), and {@code bucket = (h >>> 11) * 2^-53}, uniform in [0, 1). Nothing JVM-specific enters, so a unit
 * keeps its arm across restarts, JVMs and machines; {@code AssignerTest} pins known values.
 *
 * <p>The static methods are allocation-free except for the returned {@link Assignment};
 * {@link #of(Experiment)} gives an assigner that returns preallocated assignments.
 */
public final class Assigner {

  /** Seed of the variant hash. */
  public static final long VARIANT_SEED = 0;
  /** Seed of the inclusion (allocation) hash. */
  public static final long INCLUSION_SEED = 0x5EED_A110CL;

  private final Experiment experiment;
  private final Assignment[] counted;
  private final Assignment uncounted;

  private Assigner(Experiment experiment) {
    this.experiment = experiment;
    List<Variant> variants = experiment.variants();
    this.counted = new Assignment[variants.size()];
    for (int i = 0; i < counted.length; i++) {
      counted[i] = new Assignment(variants.get(i), true);
    }
    this.uncounted = new Assignment(experiment.controlVariant(), false);
  }

  /** An assigner bound to {@code experiment} whose {@link #assign(String)} never allocates. */
  public static Assigner of(Experiment experiment) {
    return new Assigner(Objects.requireNonNull(experiment, "experiment"));
  }

  /** The experiment this assigner is bound to. */
  public Experiment experiment() {
    return experiment;
  }

  /** Same result as {@link #assign(Experiment, String)}, returning shared instances. */
  public Assignment assign(String unitId) {
    int i = variantIndex(experiment, unitId);
    return i < 0 ? uncounted : counted[i];
  }

  /** The arm for {@code unitId}: control and not counted unless the experiment is running and the unit is allocated. */
  public static Assignment assign(Experiment e, String unitId) {
    int i = variantIndex(e, unitId);
    return i < 0 ? new Assignment(e.controlVariant(), false) : new Assignment(e.variants().get(i), true);
  }

  /**
   * Applies the unit's {@link UnitFallback} when the request has no unit id.
   *
   * @param unitId the unit id, or {@code null} when the request carries none
   * @param requestId id of this request, used as the unit under {@link UnitFallback#REQUEST}
   * @return the assignment, or empty when the request must be rejected (fallback {@code reject}, status 400)
   */
  public static Optional<Assignment> assignOrFallback(Experiment e, String unitId, String requestId) {
    return fallback(e, unitId, requestId, u -> assign(e, u), () -> new Assignment(e.controlVariant(), false));
  }

  /** As {@link #assignOrFallback(Experiment, String, String)}, returning shared instances: what the proxy calls. */
  public Optional<Assignment> assignOrFallback(String unitId, String requestId) {
    return fallback(experiment, unitId, requestId, this::assign, () -> uncounted);
  }

  private static Optional<Assignment> fallback(Experiment e, String unitId, String requestId,
                                               Function<String, Assignment> assign, Supplier<Assignment> control) {
    if (unitId != null && !unitId.isEmpty()) {
      return Optional.of(assign.apply(unitId));
    }
    switch (e.unit().fallback()) {
      case REQUEST:
        return Optional.of(assign.apply(Objects.requireNonNull(requestId, "requestId")));
      case CONTROL:
        return Optional.of(control.get());
      case REJECT:
        return Optional.empty();
      default:
        throw new AssertionError(e.unit().fallback());
    }
  }

  /** Deterministic bucket of {@code unitId} under {@code salt}, uniform in [0, 1): the variant hash. */
  public static double bucket(String salt, String unitId) {
    return toUnit(XxHash64.hashUnit(salt, unitId, VARIANT_SEED));
  }

  /** Deterministic bucket deciding inclusion, independent of {@link #bucket(String, String)}. */
  public static double inclusionBucket(String salt, String unitId) {
    return toUnit(XxHash64.hashUnit(salt, unitId, INCLUSION_SEED));
  }

  /** Index of the counted arm of {@code unitId}, or -1 when the unit is served by control without being counted. */
  static int variantIndex(Experiment e, String unitId) {
    Objects.requireNonNull(unitId, "unitId");
    if (e.status() != Status.RUNNING) {
      return -1;
    }
    String salt = e.salt();
    double allocation = e.allocation();
    if (allocation < 1.0 && inclusionBucket(salt, unitId) >= allocation) {
      return -1;
    }
    List<Variant> variants = e.variants();
    double u = bucket(salt, unitId) * e.totalWeight();
    double cumulative = 0;
    int lastPositive = -1;
    for (int i = 0, n = variants.size(); i < n; i++) {
      double w = variants.get(i).weight();
      if (w > 0) {
        cumulative += w;
        lastPositive = i;
        if (u < cumulative) {
          return i;
        }
      }
    }
    return lastPositive; // rounding put u at the very top: the last arm with weight takes it
  }

  private static double toUnit(long h) {
    return (h >>> 11) * 0x1.0p-53;
  }
}

package dev.abgw.experiments;

import java.util.Optional;

/** Multiple-comparison correction across metrics and arms: Holm (family-wise error), Benjamini-Hochberg (false discovery rate) or none. */
public enum Correction implements JsonEnum {
  HOLM("holm"),
  BH("bh"),
  NONE("none");

  private final String json;

  Correction(String json) {
    this.json = json;
  }

  @Override
  public String json() {
    return json;
  }

  /** The constant spelled {@code s} in the JSON format (exact, case-sensitive), if any. */
  public static Optional<Correction> fromJson(String s) {
    return JsonEnum.fromJson(Correction.class, s);
  }
}

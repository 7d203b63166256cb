package dev.abgw.gateway.admin;

import dev.abgw.gateway.store.SafeText;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses judgment input no store can hold faithfully, before it is decoded: strings (field names included,
 * inside {@code segments} too) that are not valid Unicode, and values so large that their squares, summed in
 * the sufficient statistics, would overflow to infinity (one such value would make every later report of the
 * metric NaN). Each problem names its field; the item is answered {@code invalid}, the others go on.
 */
final class JudgmentGuard {
  /** |value| above this is refused: its square (1e30) summed a billion times stays far below Double.MAX_VALUE. */
  static final double MAX_MAGNITUDE = 1e15;

  private JudgmentGuard() {}

  static List<String> problems(JsonObject item) {
    List<String> out = new ArrayList<>(SafeText.invalidStrings(item));
    if (item.getValue("value") instanceof Number n) {
      double v = n.doubleValue();
      if (Double.isFinite(v) && Math.abs(v) > MAX_MAGNITUDE) {
        out.add("/value must be between -1e15 and 1e15 (was " + n + ")");
      }
    }
    return out;
  }
}

package dev.abgw.gateway.store;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;
import dev.abgw.experiments.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The experiment definitions saved through the admin API, as read back at start: those that validate, and,
 * by id, those that no longer do (a rule tightened since they were saved) with every error, so the gateway
 * can say so instead of dropping them silently.
 */
public record SavedDefinitions(List<Experiment> valid, Map<String, List<ValidationError>> invalid) {
  public SavedDefinitions {
    valid = List.copyOf(valid);
    invalid = Map.copyOf(invalid);
  }

  /** Parses every saved definition text, keyed by the id it was saved under. */
  public static SavedDefinitions parse(Map<String, String> textById) {
    List<Experiment> valid = new ArrayList<>();
    Map<String, List<ValidationError>> invalid = new TreeMap<>();
    textById.forEach((id, text) -> {
      ParseResult r = ExperimentParser.parse(text);
      if (r instanceof ParseResult.Valid v) {
        valid.add(v.experiment());
      } else {
        invalid.put(id, ((ParseResult.Invalid) r).errors());
      }
    });
    return new SavedDefinitions(valid, invalid);
  }
}

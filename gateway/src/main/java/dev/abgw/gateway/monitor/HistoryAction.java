package dev.abgw.gateway.monitor;

import java.util.Arrays;
import java.util.Optional;

/** What changed in an experiment's history. */
public enum HistoryAction {
  CREATED("created"),
  UPDATED("updated"),
  LOADED("loaded"),
  STARTED("started"),
  PAUSED("paused"),
  STOPPED("stopped"),
  ROLLED_BACK("rolled back"),
  STAGE_ADVANCED("stage advanced"),
  BREACH_DETECTED("breach detected");

  private final String json;

  HistoryAction(String json) {
    this.json = json;
  }

  public String json() {
    return json;
  }

  public static Optional<HistoryAction> fromJson(String s) {
    return Arrays.stream(values()).filter(a -> a.json.equals(s)).findFirst();
  }
}

package dev.abgw.analysis.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines of an export that {@link OfflineAnalysis} could not use, grouped by reason: the message
 * without its {@code (was ...)} tail, so "value must be between 1 and 5 (was 7)" and "(was 9)" count
 * together. Each reason keeps its count and its first line.
 */
public final class SkippedLines {

  /** One reason: how many lines, and the first of them with its full message. */
  public record Reason(String reason, int count, String first) {}

  private final Map<String, Reason> byReason = new LinkedHashMap<>();
  private final List<String> all = new ArrayList<>();

  void add(int lineNo, String message) {
    String line = "line " + lineNo + ": " + message;
    all.add(line);
    byReason.merge(reasonOf(message), new Reason(reasonOf(message), 1, line),
        (a, b) -> new Reason(a.reason(), a.count() + 1, a.first()));
  }

  static String reasonOf(String message) {
    int was = message.lastIndexOf(" (was ");
    return was > 0 && message.endsWith(")") ? message.substring(0, was) : message;
  }

  /** Every skipped line, in input order, as {@code "line N: message"}. */
  public List<String> lines() {
    return List.copyOf(all);
  }

  public int count() {
    return all.size();
  }

  /** The reasons in order of first appearance. */
  public List<Reason> byReason() {
    return List.copyOf(byReason.values());
  }

  /** One line per reason: {@code "  COUNT REASON (first: line N: MESSAGE)"}. */
  public List<String> summary() {
    return byReason.values().stream()
        .map(r -> "  " + r.count() + " " + r.reason() + " (first: " + r.first() + ")").toList();
  }
}

package dev.abgw.stats.report;

/** A built report and the sequential state to pass as {@code previous} to the next build. */
public record ReportResult(Report report, SequentialState next) {}

package dev.abgw.stats.report;

/** Exposure of one variant: units, requests and configured weight. */
public record VariantSummary(String variant, long units, long requests, double weight) {}

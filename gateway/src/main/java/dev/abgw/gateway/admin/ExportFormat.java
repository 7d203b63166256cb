package dev.abgw.gateway.admin;

/** The formats of {@code GET /experiments/{id}/export?format=}: the stored NDJSON events, or CSV ({@link CsvEvents}). */
enum ExportFormat {
  NDJSON("ndjson", "application/x-ndjson"),
  CSV("csv", "text/csv; charset=utf-8; header=present");

  private final String json;
  private final String contentType;

  ExportFormat(String json, String contentType) {
    this.json = json;
    this.contentType = contentType;
  }

  String json() {
    return json;
  }

  String contentType() {
    return contentType;
  }

  static ExportFormat fromJson(String s) {
    for (ExportFormat f : values()) {
      if (f.json.equals(s)) return f;
    }
    return null;
  }
}

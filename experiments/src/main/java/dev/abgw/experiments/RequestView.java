package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;

/** What segment and unit extraction may read from a request; the gateway adapts its HTTP request to this. */
public interface RequestView {

  /** First value of header {@code name} (case-insensitive), or {@code null}. */
  String header(String name);

  /** First value of query parameter {@code name}, or {@code null}. */
  String query(String name);

  /** The parsed JSON body, or {@code null} if there is none or it is not JSON. */
  JsonNode body();

  /** Length of the input in chars (the gateway decides what counts: whole body or the prompt), or a negative number if unknown. */
  long inputChars();
}

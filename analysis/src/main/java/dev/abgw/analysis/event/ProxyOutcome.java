package dev.abgw.analysis.event;

/**
 * What the proxy saw of one request. {@code status} is 0 when the upstream never answered;
 * {@code errorKind} is null for a complete response below 500, otherwise why it is an error outcome.
 * Times are from the moment the gateway received the request; {@code ttfbMillis} is NaN when no byte came.
 * {@code upstreamRequestId} is the upstream's own {@code x-request-id} (the provider's id), or null.
 */
public record ProxyOutcome(int status, ErrorKind errorKind, double latencyMillis, double ttfbMillis,
                           Long promptTokens, Long completionTokens, Long totalTokens,
                           String finishReason, int toolCalls, String upstreamRequestId) {

  /** An outcome without an upstream request id. */
  public ProxyOutcome(int status, ErrorKind errorKind, double latencyMillis, double ttfbMillis, Long promptTokens,
                      Long completionTokens, Long totalTokens, String finishReason, int toolCalls) {
    this(status, errorKind, latencyMillis, ttfbMillis, promptTokens, completionTokens, totalTokens, finishReason,
        toolCalls, null);
  }

  /** An error outcome of the variant (counted in the {@code error} metric); a client's own failure is not. */
  public boolean isError() {
    return errorKind != null && !isClientFault();
  }

  /** The client, not the variant, failed: the request is recorded but contributes to no metric. */
  public boolean isClientFault() {
    return errorKind != null && errorKind.isClientFault();
  }
}

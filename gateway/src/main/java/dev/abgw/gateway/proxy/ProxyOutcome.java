package dev.abgw.gateway.proxy;

/**
 * What the proxy saw of one request. {@code status} is 0 when the upstream never answered;
 * {@code errorKind} is null for a complete response below 500, otherwise one of
 * {@code connect}, {@code timeout}, {@code reset}, {@code status_5xx}, {@code rate_limited} (upstream 429: what the
 * client saw, so an error of the variant), {@code client_closed}, or {@code client_slow} (the client did not
 * finish its request body within {@code --client-body-timeout}: the client's failure, not the variant's, so
 * it moves none of the variant's metrics).
 * Times are from the moment the gateway received the request; {@code ttfbMillis} is NaN when no byte came.
 */
public record ProxyOutcome(int status, String errorKind, double latencyMillis, double ttfbMillis,
                           Long promptTokens, Long completionTokens, Long totalTokens,
                           String finishReason, int toolCalls) {

  public static final String CLIENT_SLOW = "client_slow";
  public static final String RATE_LIMITED = "rate_limited";

  /** An error outcome of the variant (counted in the {@code error} metric); a client's own failure is not. */
  public boolean isError() {
    return errorKind != null && !isClientFault();
  }

  /** The client, not the variant, failed: the request is recorded but contributes to no metric. */
  public boolean isClientFault() {
    return CLIENT_SLOW.equals(errorKind);
  }
}

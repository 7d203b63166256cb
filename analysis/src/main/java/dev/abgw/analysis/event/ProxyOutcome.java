package dev.abgw.analysis.event;

/**
 * What the proxy saw of one request. {@code status} is 0 when the upstream never answered;
 * {@code errorKind} is null for a complete response below 500, otherwise one of
 * {@code connect}, {@code timeout}, {@code reset}, {@code status_5xx}, {@code client_closed}.
 * Times are from the moment the gateway received the request; {@code ttfbMillis} is NaN when no byte came.
 */
public record ProxyOutcome(int status, String errorKind, double latencyMillis, double ttfbMillis,
                           Long promptTokens, Long completionTokens, Long totalTokens,
                           String finishReason, int toolCalls) {

  public boolean isError() {
    return errorKind != null;
  }
}

package dev.abgw.analysis.event;

/**
 * What the proxy saw of one request. {@code status} is 0 when the upstream never answered;
 * {@code errorKind} is null for a complete response below 500, otherwise why it is an error outcome.
 * Times are from the moment the gateway received the request; {@code ttfbMillis} is NaN when no byte came.
 * {@code upstreamRequestId} is the upstream's own {@code x-request-id} (the provider's id), or null.
 * {@code serving} says who answered and after how many attempts; null means one attempt at the assigned
 * variant (events written before resilience existed).
 */
public record ProxyOutcome(int status, ErrorKind errorKind, double latencyMillis, double ttfbMillis,
                           Long promptTokens, Long completionTokens, Long totalTokens,
                           String finishReason, int toolCalls, String upstreamRequestId, Serving serving) {

  /** Whether a fallback, not the assigned variant, served the answer. */
  public boolean fellBack() {
    return serving != null && serving.fellBack();
  }

  /** Attempts retried (beyond the first at the assigned variant; a fallback's attempt is not a retry). */
  public int retries() {
    return serving == null ? 0 : serving.retries();
  }

  /** An upstream answered 429, or the gateway's own rate limit refused the request. */
  public boolean rateLimited() {
    return serving == null ? status == 429 : serving.rateLimited();
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

package dev.abgw.loadtest;

/**
 * Called on the generator's event loop for every HTTP response (warm-up included; see
 * {@link ResponseInfo#measured()}). Must be quick and must not block. An exception it throws is
 * counted in {@link LoadResult#hookFailures()} and does not stop the run.
 */
@FunctionalInterface
public interface ResponseHook {

  /** Receives one response. */
  void onResponse(ResponseInfo response);

  /** A hook that does nothing; the generator then does not buffer response bodies. */
  static ResponseHook none() {
    return NONE;
  }

  /** The shared no-op hook. */
  ResponseHook NONE = response -> {};
}

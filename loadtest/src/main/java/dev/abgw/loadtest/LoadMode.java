package dev.abgw.loadtest;

/** How the load generator paces requests. */
public enum LoadMode {
  /**
   * Requests leave on a fixed schedule whatever the responses do, and latency is measured from each
   * request's intended send time, so a stalled backend shows up in every request that had to wait
   * (correction for coordinated omission, as in wrk2).
   */
  OPEN_LOOP,
  /**
   * A fixed number of connections, each sending its next request as soon as the previous answer
   * arrives: maximum throughput, but a stall delays only the requests in flight, so percentiles
   * understate it.
   */
  CLOSED_LOOP
}

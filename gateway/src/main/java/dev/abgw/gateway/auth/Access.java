package dev.abgw.gateway.auth;

/** What an admin route needs of its caller; {@link Role#allows} says which roles have it. */
public enum Access {
  /** Anyone, signed in or not: health, the login form. */
  PUBLIC,
  /** Any signed-in caller, whatever the role: sign out. */
  SIGNED_IN,
  /** Read reports, pages, experiments, exports and metrics: admin, reviewer, viewer. */
  READ,
  /** Post judgments: admin, reviewer, ingest. */
  JUDGE,
  /** Change experiments: admin only. */
  ADMIN
}

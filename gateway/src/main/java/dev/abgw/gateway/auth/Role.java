package dev.abgw.gateway.auth;

import java.util.Locale;

/**
 * What a token may do on the admin port. {@code admin} everything; {@code reviewer} read everything and post
 * judgments (there is no review queue: a reviewer is a person who reads reports and records judgments);
 * {@code viewer} read reports, pages, experiments and exports; {@code ingest} post judgments only (an automated judge).
 */
public enum Role {
  ADMIN, REVIEWER, VIEWER, INGEST;

  /** Whether this role may use a route that needs {@code access}. */
  public boolean allows(Access access) {
    return switch (access) {
      case PUBLIC, SIGNED_IN -> true;
      case READ -> this != INGEST;
      case JUDGE -> this != VIEWER;
      case ADMIN -> this == ADMIN;
    };
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role spelled {@code s} ({@code "viewer"}), or null when there is none. */
  public static Role fromWire(String s) {
    for (Role r : values()) {
      if (r.wire().equals(s)) return r;
    }
    return null;
  }
}

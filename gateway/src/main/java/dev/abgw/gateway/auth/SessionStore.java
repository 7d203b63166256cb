package dev.abgw.gateway.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions, held in memory on the server: the cookie carries only a random id (256 bits), expiry is
 * decided here (a cookie replayed after {@code ttl} is refused whatever its Max-Age said), and a restart signs
 * everyone out. At most {@code maxSessions}; the expired ones are swept when a new one would pass that bound,
 * then the one closest to expiry goes.
 */
public final class SessionStore {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;
  private final int maxSessions;

  public SessionStore(Clock clock, Duration ttl, int maxSessions) {
    if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be > 0 (was " + ttl + ")");
    if (maxSessions < 1) throw new IllegalArgumentException("maxSessions must be >= 1 (was " + maxSessions + ")");
    this.clock = clock;
    this.ttl = ttl;
    this.maxSessions = maxSessions;
  }

  public Duration ttl() {
    return ttl;
  }

  public Session create(Principal principal) {
    if (sessions.size() >= maxSessions) evict();
    Session s = new Session(randomId(), principal, randomId(), clock.instant().plus(ttl));
    sessions.put(s.id(), s);
    return s;
  }

  /** The live session of {@code id}; an expired one is removed and not returned. */
  public Optional<Session> find(String id) {
    if (id == null) return Optional.empty();
    Session s = sessions.get(id);
    if (s == null) return Optional.empty();
    if (!clock.instant().isBefore(s.expiresAt())) {
      sessions.remove(id, s);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  public void remove(String id) {
    if (id != null) sessions.remove(id);
  }

  private void evict() {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
    while (sessions.size() >= maxSessions) {
      sessions.values().stream().min(java.util.Comparator.comparing(Session::expiresAt))
          .ifPresent(s -> sessions.remove(s.id()));
    }
  }

  static String randomId() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}

package dev.abgw.gateway.auth;

import java.time.Instant;

/** A browser session: who signed in, the CSRF token its forms carry, and when the server forgets it. */
public record Session(String id, Principal principal, String csrf, Instant expiresAt) {}

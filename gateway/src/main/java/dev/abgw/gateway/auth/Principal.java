package dev.abgw.gateway.auth;

import java.util.Objects;

/** Who called: the token's name and its role. */
public record Principal(String name, Role role) {
  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
  }
}

package dev.abgw.gateway.store;

/** Outcome of a write that carries an idempotency key. */
public enum WriteResult { STORED, DUPLICATE }

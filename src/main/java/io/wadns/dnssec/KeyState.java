package io.wadns.dnssec;

/**
 * Where a key stands at an instant, from its timing metadata (the BIND model of RFC 7583 §3.1's
 * timeline: Publish, Activate, Inactive, Delete).
 */
public enum KeyState {
  /** Before its publication time: not in the DNSKEY RRset yet. */
  UNPUBLISHED,
  /** In the DNSKEY RRset so resolvers can cache it (RFC 7583 §3.3.1 pre-publication), not signing. */
  PUBLISHED,
  /** Published and signing. */
  ACTIVE,
  /** No longer signing, still published while signatures made with it may sit in caches. */
  RETIRED,
  /** Past its deletion time: gone from the DNSKEY RRset. */
  REMOVED;

  /** Whether the key belongs in the zone's DNSKEY RRset. */
  public boolean isPublished() {
    return this == PUBLISHED || this == ACTIVE || this == RETIRED;
  }

  /** Whether the key makes signatures. */
  public boolean isActive() {
    return this == ACTIVE;
  }
}

package io.wadns.protocol;

import java.util.Arrays;

/**
 * Key of a cached answer: the lower-cased wire-form query name, the query type and the DO bit (a
 * signed zone answers a query with DO with its RRSIGs and proofs, RFC 4035 §3.1). Stored keys own
 * their bytes; lookups use a per-thread mutable key over {@link QueryShape}'s buffer, so a cache hit
 * allocates nothing.
 */
final class CacheKey {
  private byte[] name;
  private int length;
  private int qtype;
  private boolean dnssecOk;
  private int hash;

  private CacheKey() {}

  /** A key that owns a copy of this key's name, for storing. */
  CacheKey copy() {
    CacheKey k = new CacheKey();
    k.name = Arrays.copyOf(name, length);
    k.length = length;
    k.qtype = qtype;
    k.dnssecOk = dnssecOk;
    k.hash = hash;
    return k;
  }

  /** A reusable key for lookups; {@link #point} aims it at a shape. */
  static CacheKey probe() {
    return new CacheKey();
  }

  CacheKey point(QueryShape shape) {
    this.name = shape.name;
    this.length = shape.nameLength;
    this.qtype = shape.qtype;
    this.dnssecOk = shape.dnssecOk;
    this.hash = shape.dnssecOk ? ~shape.hash : shape.hash;
    return this;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CacheKey k) || k.hash != hash || k.qtype != qtype || k.length != length
        || k.dnssecOk != dnssecOk) {
      return false;
    }
    return Arrays.equals(name, 0, length, k.name, 0, length);
  }
}

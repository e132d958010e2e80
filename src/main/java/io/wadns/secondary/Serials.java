package io.wadns.secondary;

/** SOA serial arithmetic (RFC 1982 §3.2): serials are 32-bit and wrap around. */
final class Serials {
  private Serials() {}

  /** True when {@code a} is greater than {@code b} in serial number arithmetic (undefined pairs are not). */
  static boolean greater(long a, long b) {
    long diff = (a - b) & 0xFFFFFFFFL;
    return diff != 0 && diff < 0x80000000L;
  }
}

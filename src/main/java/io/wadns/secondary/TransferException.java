package io.wadns.secondary;

/** A zone transfer that failed: nothing of it is used. The message names what went wrong, never a secret. */
final class TransferException extends Exception {
  /** The rcode of a primary that answered with an error at once, or -1. */
  final int rcode;
  /**
   * The primary answered, and what it sent cannot be used (too big, inconsistent, cut short): an IXFR that
   * fails so is asked again as AXFR, which does not depend on the primary's history (RFC 1995 §4).
   */
  final boolean partway;
  /** The failure is TSIG's: asking again, whatever the type, meets the same key. */
  final boolean tsig;

  TransferException(String message) {
    this(message, -1);
  }

  TransferException(String message, int rcode) {
    this(message, rcode, false, false);
  }

  private TransferException(String message, int rcode, boolean partway, boolean tsig) {
    super(message);
    this.rcode = rcode;
    this.partway = partway;
    this.tsig = tsig;
  }

  static TransferException tsig(String message) {
    return new TransferException(message, -1, false, true);
  }

  /** This failure, after the primary had answered. */
  TransferException partway() {
    return new TransferException(getMessage(), rcode, rcode < 0 && !tsig, tsig);
  }
}

package io.wadns.secondary;

/** A zone transfer that failed: nothing of it is used. The message names what went wrong, never a secret. */
final class TransferException extends Exception {
  /** The rcode of a primary that answered with an error at once, or -1. */
  final int rcode;

  TransferException(String message) {
    this(message, -1);
  }

  TransferException(String message, int rcode) {
    super(message);
    this.rcode = rcode;
  }
}

package io.wadns.transfer;

/**
 * The messages of one transfer, made one at a time as the connection takes them, so a transfer
 * never holds more than one message of its zone. Confined to the connection's thread.
 */
public interface MessageStream {
  /** The next message in wire form, or null when the transfer is complete. */
  byte[] next();

  /** Called once: after the last message was written ({@code complete}), or when the connection went away. */
  void finished(boolean complete);
}

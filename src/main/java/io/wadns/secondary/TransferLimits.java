package io.wadns.secondary;

import java.time.Duration;

/**
 * The bounds on one incoming zone transfer: a primary is a peer, not a trusted party, so neither a
 * slow one nor a broken one can hold a thread or fill the heap.
 *
 * @param connectTimeout how long connecting to a primary may take
 * @param deadline how long the whole transfer may take, from connecting to the last message
 * @param maxRecords records a zone (and a transfer) may hold, as {@code --max-records}
 * @param maxMessages messages one transfer may take
 * @param maxBytes bytes one transfer may take
 */
record TransferLimits(Duration connectTimeout, Duration deadline, long maxRecords, int maxMessages, long maxBytes) {
  /** Ample for zones of millions of records; a primary that streams without end is cut off. */
  static TransferLimits of(long maxRecords) {
    long bytes = Math.min(1L << 32, Math.max(64L << 20, maxRecords * 512));
    int messages = (int) Math.min(Integer.MAX_VALUE, Math.max(10_000, maxRecords));
    return new TransferLimits(Duration.ofSeconds(5), Duration.ofMinutes(10), maxRecords, messages, bytes);
  }
}

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
 * @param maxHeld heap one transfer's records may take while it arrives, as {@link #held} estimates it
 */
record TransferLimits(Duration connectTimeout, Duration deadline, long maxRecords, int maxMessages, long maxBytes,
    long maxHeld) {
  /** The most bytes one transfer may take, whatever the heap. */
  static final long MAX_BYTES = 1L << 30;
  /** The fewest bytes one transfer may take, whatever the record limit. */
  static final long MIN_BYTES = 64L << 20;
  /**
   * Heap per record held as a dnsjava record while a transfer arrives, besides twice its bytes on the
   * wire: measured at 110-165 bytes for A, AAAA, TXT, MX, NS and CNAME records of 24-59 bytes on the wire
   * (a record object, its own name object and its RDATA, whatever the compression), 3 to 7 times the
   * wire's size; the estimate stays above each. An IXFR's records are held so; a whole zone's go into the
   * compact draft as they arrive (see {@link io.wadns.zonefile.WireZone}), which takes less, so for an
   * AXFR the estimate errs on the safe side.
   */
  static final long HELD_PER_RECORD = 128;

  /** Without a bound on the heap held (tests of the other bounds). */
  TransferLimits(Duration connectTimeout, Duration deadline, long maxRecords, int maxMessages, long maxBytes) {
    this(connectTimeout, deadline, maxRecords, maxMessages, maxBytes, Long.MAX_VALUE);
  }

  /**
   * Ample for zones of millions of records; a primary that streams without end is cut off. A
   * transfer is held as records while it arrives, a few times its size on the wire, so its bytes are
   * capped at a quarter of the heap and the heap its records take ({@link #held}) at a quarter too: a
   * huge one fails alone, with a message that names the heap, instead of exhausting the server (two
   * transfers run at once).
   */
  static TransferLimits of(long maxRecords) {
    return of(maxRecords, Runtime.getRuntime().maxMemory());
  }

  static TransferLimits of(long maxRecords, long maxHeap) {
    long cap = Math.max(MIN_BYTES, Math.min(MAX_BYTES, maxHeap / 4));
    long bytes = Math.min(cap, Math.max(MIN_BYTES, maxRecords * 512));
    int messages = (int) Math.min(Integer.MAX_VALUE, Math.max(10_000, maxRecords));
    return new TransferLimits(Duration.ofSeconds(5), Duration.ofMinutes(10), maxRecords, messages, bytes,
        maxHeap / 4);
  }

  /** The heap that {@code records} records of {@code wireBytes} bytes on the wire take as dnsjava records. */
  static long held(long records, long wireBytes) {
    return records * HELD_PER_RECORD + 2 * wireBytes;
  }
}

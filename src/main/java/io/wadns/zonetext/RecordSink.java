package io.wadns.zonetext;

/**
 * Receives the records of a zone file, one call per record, in file order.
 *
 * <p>The arrays are the reader's own buffers, reused for the next record: copy what you keep
 * before returning. Names are absolute, uncompressed wire form, in the case they were written.
 * Called on the thread that runs {@link ZoneTextReader#read}; with {@link
 * ZoneTextReader#readInParallel}, each chunk's sink on that chunk's thread.
 */
@FunctionalInterface
public interface RecordSink {
  /**
   * One record of class IN.
   *
   * @param owner the owner name in wire form, in {@code owner[0, ownerLength)}
   * @param type the RR type code
   * @param ttl the TTL in seconds, 0 to 2147483647
   * @param rdata the RDATA in wire form, in {@code rdata[0, rdataLength)}; names are not compressed
   * @param file the display name of the file the record is in (an {@code $INCLUDE}d one, maybe)
   * @param line the line the record starts on
   */
  void record(
      byte[] owner, int ownerLength, int type, long ttl, byte[] rdata, int rdataLength, String file, int line);
}

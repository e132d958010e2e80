package io.wadns.zonefile;

import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * A checksum of a file's bytes as they are read, to tell an edited zone file from one that is
 * unchanged: its length, its CRC-32C and its CRC-32. The two CRCs use different polynomials, so an
 * edit goes unseen only when its difference is a multiple of both (one chance in 2^64 for an
 * accidental one), and any change of up to 32 bits in a row, or of the length, is always seen.
 *
 * <p>It replaced SHA-256 for speed: the JDK computes both CRCs with the processor's instructions from
 * the first call (intrinsics of the interpreter and of both compilers), where SHA-256 runs as Java code
 * until C2 compiles it, which is most of a start: 0.2-0.25 s for a 27 MB zone file on one CPU, and the
 * largest single cost of reading 10,000 small files. It is no seal: whoever can write a zone file
 * decides what it says, and one written to keep its old checksum only keeps its own old contents
 * served. A reload asks it only of a file whose stamp ({@link FileStamp}) changed.
 *
 * <p>Not thread-safe: one per loading thread, {@link #reset()} between files.
 */
final class ContentChecksum {
  private final CRC32C crc32c = new CRC32C();
  private final CRC32 crc32 = new CRC32();
  private long length;

  void reset() {
    crc32c.reset();
    crc32.reset();
    length = 0;
  }

  void update(byte[] bytes, int offset, int count) {
    crc32c.update(bytes, offset, count);
    crc32.update(bytes, offset, count);
    length += count;
  }

  /** The checksum of the bytes since the last {@link #reset()}, as text: length, CRC-32C, CRC-32 in hex. */
  String value() {
    return Long.toHexString(length) + "-" + hex8(crc32c.getValue()) + "-" + hex8(crc32.getValue());
  }

  /** The checksum of {@code bytes}. */
  static String of(byte[] bytes) {
    ContentChecksum c = new ContentChecksum();
    c.update(bytes, 0, bytes.length);
    return c.value();
  }

  private static String hex8(long crc) {
    String hex = Long.toHexString(crc);
    return "00000000".substring(hex.length()) + hex;
  }
}

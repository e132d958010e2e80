package io.wadns.zonetext;

import java.util.Arrays;

/** The RDATA of the record being read, written in wire order into one reusable array. */
final class WireBuffer {
  /** RFC 1035 §3.2.1: RDLENGTH is 16 bits. */
  static final int MAX_RDATA = 65535;

  byte[] data = new byte[512];
  int length;
  private int line;

  void reset(int line) {
    length = 0;
    this.line = line;
  }

  void setLine(int line) {
    this.line = line;
  }

  /** Makes room for {@code count} more octets and returns where they go. */
  int reserve(int count) throws EntryError {
    int needed = length + count;
    if (needed > data.length) {
      if (needed > MAX_RDATA + 256) {
        throw new EntryError(line, "RDATA is longer than 65535 octets");
      }
      data = Arrays.copyOf(data, Math.max(needed, Math.min(data.length * 2, MAX_RDATA + 256)));
    }
    int at = length;
    length = needed;
    return at;
  }

  void u8(int value) throws EntryError {
    int at = reserve(1);
    data[at] = (byte) value;
  }

  void u16(int value) throws EntryError {
    int at = reserve(2);
    data[at] = (byte) (value >>> 8);
    data[at + 1] = (byte) value;
  }

  void u32(long value) throws EntryError {
    int at = reserve(4);
    data[at] = (byte) (value >>> 24);
    data[at + 1] = (byte) (value >>> 16);
    data[at + 2] = (byte) (value >>> 8);
    data[at + 3] = (byte) value;
  }

  void bytes(byte[] source, int offset, int count) throws EntryError {
    int at = reserve(count);
    System.arraycopy(source, offset, data, at, count);
  }

  void checkLength() throws EntryError {
    if (length > MAX_RDATA) {
      throw new EntryError(line, "RDATA is longer than 65535 octets");
    }
  }
}

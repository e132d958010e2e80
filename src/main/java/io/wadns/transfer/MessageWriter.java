package io.wadns.transfer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes one message of a zone transfer in wire form, record by record, with no object per record.
 * Owner names are compressed against the names already in the message (RFC 1035 §4.1.4); RDATA is
 * copied as stored, names in it uncompressed, which is valid for every type and required for the
 * types a receiver may not know (RFC 3597 §4). Reused message after message by one transfer.
 */
final class MessageWriter {
  /** RFC 1035 §4.1.4: a pointer holds a 14-bit offset. */
  private static final int POINTER_LIMIT = 0x3FFF;

  private final byte[] buf = new byte[65535];
  /** Offsets of the names (and their suffixes) written so far, by their lower-case wire form. */
  private final Map<String, Integer> written = new HashMap<>();
  private int pos;
  private int answers;

  /**
   * Starts a message: the header with {@code id} and {@code flags}, and the question when one is
   * given (its wire form: name, type, class).
   */
  void start(int id, int flags, byte[] question) {
    written.clear();
    put16(0, id);
    put16(2, flags);
    put16(4, question == null ? 0 : 1);
    put16(6, 0);
    put16(8, 0);
    put16(10, 0);
    pos = 12;
    answers = 0;
    if (question != null) {
      int nameEnd = question.length - 4;
      remember(question, 0, nameEnd, pos);
      System.arraycopy(question, 0, buf, pos, question.length);
      pos += question.length;
    }
  }

  /** Answer records written since {@link #start}. */
  int answers() {
    return answers;
  }

  /** True when a record of this owner and RDATA length keeps the message within {@code limit} bytes. */
  boolean fits(int ownerLength, int rdataLength, int limit) {
    return pos + ownerLength + 10 + rdataLength <= limit;
  }

  /** Appends one record of class IN to the answer section; the caller checked {@link #fits}. */
  void add(byte[] owner, int ownerStart, int ownerLength, int type, long ttl, byte[] rdata, int rdataStart,
      int rdataLength) {
    writeName(owner, ownerStart, ownerLength);
    put16(pos, type);
    put16(pos + 2, 1);
    put16(pos + 4, (int) (ttl >>> 16));
    put16(pos + 6, (int) ttl);
    put16(pos + 8, rdataLength);
    pos += 10;
    System.arraycopy(rdata, rdataStart, buf, pos, rdataLength);
    pos += rdataLength;
    answers++;
  }

  /** The message written, its answer count set. */
  byte[] finish() {
    put16(6, answers);
    return Arrays.copyOf(buf, pos);
  }

  /** Writes an uncompressed wire name, pointing at the longest suffix already in the message. */
  private void writeName(byte[] name, int start, int length) {
    int end = start + length;
    int at = pos;
    for (int p = start; p < end; p += (name[p] & 0xFF) + 1) {
      if (name[p] == 0) {
        buf[pos++] = 0;
        break;
      }
      Integer offset = written.get(key(name, p, end));
      if (offset != null) {
        put16(pos, 0xC000 | offset);
        pos += 2;
        break;
      }
      int labelLength = (name[p] & 0xFF) + 1;
      System.arraycopy(name, p, buf, pos, labelLength);
      pos += labelLength;
    }
    remember(name, start, end, at);
  }

  /** Records where each suffix of the name at {@code name[start, end)} starts, written at {@code at}. */
  private void remember(byte[] name, int start, int end, int at) {
    for (int p = start; p < end && name[p] != 0 && at + (p - start) <= POINTER_LIMIT; p += (name[p] & 0xFF) + 1) {
      written.putIfAbsent(key(name, p, end), at + (p - start));
    }
  }

  /** RFC 1035 §2.3.3 / RFC 4343: names compare without regard to ASCII case. */
  private static String key(byte[] name, int start, int end) {
    byte[] lower = Arrays.copyOfRange(name, start, end);
    for (int i = 0; i < lower.length; i++) {
      if (lower[i] >= 'A' && lower[i] <= 'Z') {
        lower[i] += 32;
      }
    }
    return new String(lower, StandardCharsets.ISO_8859_1);
  }

  private void put16(int at, int value) {
    buf[at] = (byte) (value >>> 8);
    buf[at + 1] = (byte) value;
  }
}

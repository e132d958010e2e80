package io.wadns.zone;

import java.util.Arrays;

/**
 * The names of one zone, interned once: their wire forms (absolute, uncompressed, in the case the
 * zone file wrote them) in one byte arena, found again by an open-addressing hash table that compares
 * names without regard to ASCII case (RFC 4343). No object per name: a name is its index.
 *
 * <p>Built by one thread, then only read: {@link #freeze} trims arrays sized far over their contents,
 * after which the table is safe to share between threads without locks.
 */
public final class NameTable {
  // Made by the constructors, not by field initializers: those would run before a sized constructor too,
  // and 10,000 small zones would each make and drop a default table's 5 KB.
  private byte[] arena;
  private int used;
  /** Where each name starts in the arena; the next name's start ends it. */
  private int[] starts;
  /** The hash of each name, so probing compares bytes only when hashes match, and growing rehashes nothing. */
  private int[] hashes;
  private int count;
  /**
   * Open addressing, linear probing. A slot is 0 when empty, else the name's index + 1 in the bits of
   * the mask, and the same high bits as the name's hash above them: a probe that meets another name
   * mostly tells it apart from the slot alone, without a read of {@link #hashes} or the arena (each a
   * cache miss in a table of a million names). The index fits: the table is at most half full.
   */
  private int[] slots;

  public NameTable() {
    this(64, 1 << 12);
  }

  /** A table sized for about {@code names} names and {@code bytes} bytes of them, so it need not grow. */
  public NameTable(int names, int bytes) {
    arena = new byte[Math.max(bytes, 16)];
    starts = new int[Math.max(names, 16) + 1];
    hashes = new int[Math.max(names, 16)];
    slots = new int[Integer.highestOneBit(Math.max(names, 16) * 2 - 1) << 1];
  }

  /** Names interned so far. */
  public int size() {
    return count;
  }

  /** The index of the name in {@code wire[offset, offset + length)}, or -1. */
  public int find(byte[] wire, int offset, int length) {
    int mask = slots.length - 1;
    int h = hash(wire, offset, length);
    int tag = h & ~mask;
    for (int slot = h & mask; ; slot = (slot + 1) & mask) {
      int s = slots[slot];
      if (s == 0) {
        return -1;
      }
      int entry = (s & mask) - 1;
      if ((s & ~mask) == tag && hashes[entry] == h && equalsIgnoreCase(entry, wire, offset, length)) {
        return entry;
      }
    }
  }

  /** The index of the name, added first if it is new. */
  public int intern(byte[] wire, int offset, int length) {
    int mask = slots.length - 1;
    int h = hash(wire, offset, length);
    int tag = h & ~mask;
    int slot = h & mask;
    for (; ; slot = (slot + 1) & mask) {
      int s = slots[slot];
      if (s == 0) {
        break;
      }
      int entry = (s & mask) - 1;
      if ((s & ~mask) == tag && hashes[entry] == h && equalsIgnoreCase(entry, wire, offset, length)) {
        return entry;
      }
    }
    if (used + length > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, used + length));
    }
    System.arraycopy(wire, offset, arena, used, length);
    if (count + 1 >= starts.length) {
      starts = Arrays.copyOf(starts, starts.length * 2);
      hashes = Arrays.copyOf(hashes, starts.length);
    }
    hashes[count] = h;
    starts[count] = used;
    used += length;
    starts[count + 1] = used;
    slots[slot] = tag | (count + 1);
    count++;
    if (count * 2 > slots.length) {
      rehash(slots.length * 2);
    }
    return count - 1;
  }

  /** The arena holding every name; name {@code i} is at {@link #start}, {@link #length} bytes. */
  public byte[] arena() {
    return arena;
  }

  public int start(int name) {
    return starts[name];
  }

  public int length(int name) {
    return starts[name + 1] - starts[name];
  }

  /** Labels of name {@code i}, the root label not counted (as dnsjava counts them minus one). */
  public int labels(int name) {
    int labels = 0;
    for (int p = starts[name]; arena[p] != 0; p += (arena[p] & 0xFF) + 1) {
      labels++;
    }
    return labels;
  }

  /**
   * Trims the arrays made far too big: the slots to the fit when more than twice it, the others to their
   * contents when more than half empty. Call once, when no more names come.
   */
  public void freeze() {
    int fitting = Integer.highestOneBit(Math.max(count, 8) * 2 - 1) << 1; // load at most one half
    if (slots.length > 2 * fitting) {
      // A table sized for a guess must not keep a guess far off: 10,000 small zones add up. One within a
      // doubling of the fit is kept (a million names' rehash costs more than its 8 MB are worth).
      rehash(fitting);
    }
    // A trim is a new array, and the JVM writes every page of a new array (zeroing it): for a big zone a
    // copy that touches more memory, tens of megabytes of page faults each dear on a virtual machine, than
    // it frees. An array at most half empty is kept as it is (its empty part stays with the zone); one
    // sized for a guess far off (a small zone's table) is trimmed. Written as differences: no overflow.
    if (arena.length - used > used) {
      arena = Arrays.copyOf(arena, used);
    }
    if (starts.length - (count + 1) > count + 1) {
      starts = Arrays.copyOf(starts, count + 1);
      hashes = Arrays.copyOf(hashes, count);
    }
  }

  /** Bytes the table holds, for reports. */
  public long footprint() {
    return arena.length + 4L * starts.length + 4L * hashes.length + 4L * slots.length;
  }

  private void rehash(int capacity) {
    int[] next = new int[capacity];
    int mask = capacity - 1;
    for (int i = 0; i < count; i++) {
      int slot = hashes[i] & mask;
      while (next[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      next[slot] = (hashes[i] & ~mask) | (i + 1);
    }
    slots = next;
  }

  private boolean equalsIgnoreCase(int name, byte[] wire, int offset, int length) {
    int start = starts[name];
    if (starts[name + 1] - start != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (lower(arena[start + i]) != lower(wire[offset + i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * A hash of the wire name that ignores ASCII case. Label lengths are hashed as bytes too: the
   * lower-casing leaves them alone, since no length byte (at most 63) is an upper-case letter.
   */
  static int hash(byte[] wire, int offset, int length) {
    int h = 0x811C9DC5;
    for (int i = offset; i < offset + length; i++) {
      h = (h ^ lower(wire[i])) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  /**
   * True when the wire name in {@code bytes[start, end)} ends with the wire name {@code suffix} at a label
   * start, case aside (RFC 4343): the name is {@code suffix} or below it.
   */
  public static boolean endsWith(byte[] bytes, int start, int end, byte[] suffix) {
    if (end - start < suffix.length) {
      return false;
    }
    for (int p = start; end - p >= suffix.length; p += (bytes[p] & 0xFF) + 1) {
      if (end - p == suffix.length) {
        for (int i = 0; i < suffix.length; i++) {
          if (lower(bytes[p + i]) != lower(suffix[i])) {
            return false;
          }
        }
        return true;
      }
      if (bytes[p] == 0) {
        return false;
      }
    }
    return false;
  }

  /** The byte with ASCII upper case made lower (RFC 4343). */
  public static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b & 0xFF;
  }
}

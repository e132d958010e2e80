package io.wadns.zonefile;

import io.wadns.zone.NameTable;
import io.wadns.zonetext.RecordSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.WireParseException;

/**
 * The records of one zone file as the reader hands them over, kept in flat arrays (owner, type, TTL,
 * where the RDATA is, file and line) with no object per record: a million records cost tens of
 * megabytes, not a gigabyte of dnsjava records. Owners are interned in a {@link NameTable}; a
 * record becomes a dnsjava {@link Record} only when a check or a message needs one.
 *
 * <p>Confined to the loading thread.
 */
final class ZoneDraft implements RecordSink {
  /** Thrown out of the reader when the zone holds more records than it may. */
  static final class TooManyRecords extends RuntimeException {
    final int line;

    TooManyRecords(int line) {
      super(null, null, false, false);
      this.line = line;
    }
  }

  final NameTable owners;
  private final long maxRecords;
  private int count;
  private int[] owner;
  private char[] type;
  private int[] ttl;
  private int[] line;
  private short[] file;
  /** RDATA of record {@code r}: {@code rdata[dataStart[r], dataStart[r + 1])}. */
  private int[] dataStart;
  private byte[] rdata;
  private final List<String> files = new ArrayList<>();
  private final Map<String, Short> fileIndex = new HashMap<>();
  /** The owner of the record before, and its node: consecutive records usually share an owner. */
  private byte[] lastOwner = new byte[0];
  private int lastNode = -1;

  ZoneDraft(long maxRecords) {
    this(maxRecords, 64);
  }

  /**
   * @param expected about how many records will come (from the file's size), so the arrays are made
   *     once at about the right size instead of doubling (and leaving garbage) many times
   */
  ZoneDraft(long maxRecords, int expected) {
    this.maxRecords = maxRecords;
    int size = Math.max(64, expected);
    owners = new NameTable(size, size * 16);
    owner = new int[size];
    type = new char[size];
    ttl = new int[size];
    line = new int[size];
    file = new short[size];
    dataStart = new int[size + 1];
    rdata = new byte[size * 8];
  }

  @Override
  public void record(byte[] ownerWire, int ownerLength, int rrType, long rrTtl, byte[] data, int dataLength,
      String fileName, int fileLine) {
    if (count >= maxRecords) {
      throw new TooManyRecords(fileLine);
    }
    if (count + 1 >= owner.length) {
      int size = owner.length * 2;
      owner = Arrays.copyOf(owner, size);
      type = Arrays.copyOf(type, size);
      ttl = Arrays.copyOf(ttl, size);
      line = Arrays.copyOf(line, size);
      file = Arrays.copyOf(file, size);
      dataStart = Arrays.copyOf(dataStart, size + 1);
    }
    int used = dataStart[count];
    if (used + dataLength > rdata.length) {
      rdata = Arrays.copyOf(rdata, Math.max(rdata.length * 2, used + dataLength));
    }
    System.arraycopy(data, 0, rdata, used, dataLength);
    dataStart[count + 1] = used + dataLength;
    owner[count] = node(ownerWire, ownerLength);
    type[count] = (char) rrType;
    ttl[count] = (int) rrTtl;
    line[count] = fileLine;
    file[count] = fileIndex(fileName);
    count++;
  }

  private int node(byte[] wire, int length) {
    if (length == lastOwner.length && Arrays.equals(wire, 0, length, lastOwner, 0, length)) {
      return lastNode;
    }
    lastNode = owners.intern(wire, 0, length);
    lastOwner = Arrays.copyOf(wire, length);
    return lastNode;
  }

  private short fileIndex(String name) {
    Short known = fileIndex.get(name);
    if (known != null) {
      return known;
    }
    short index = (short) files.size();
    files.add(name);
    fileIndex.put(name, index);
    return index;
  }

  int size() {
    return count;
  }

  int owner(int r) {
    return owner[r];
  }

  int type(int r) {
    return type[r];
  }

  long ttl(int r) {
    return ttl[r];
  }

  int line(int r) {
    return line[r];
  }

  String file(int r) {
    return files.get(file[r]);
  }

  byte[] rdataArena() {
    return rdata;
  }

  int dataStart(int r) {
    return dataStart[r];
  }

  int dataLength(int r) {
    return dataStart[r + 1] - dataStart[r];
  }

  /** True when records {@code a} and {@code b} have the same type and RDATA, byte for byte. */
  boolean sameData(int a, int b) {
    return type[a] == type[b] && Arrays.equals(rdata, dataStart[a], dataStart[a + 1], rdata, dataStart[b],
        dataStart[b + 1]);
  }

  /** The owner of node {@code n} as a dnsjava name, in the case it was written first. */
  Name name(int n) {
    int start = owners.start(n);
    return wireName(owners.arena(), start, start + owners.length(n));
  }

  /** Record {@code r} as a dnsjava record, for checks and messages. */
  Record record(int r) {
    return Record.newRecord(name(owner[r]), type[r], DClass.IN, ttl[r], dataLength(r),
        Arrays.copyOfRange(rdata, dataStart[r], dataStart[r + 1]));
  }

  /** Record {@code r} with where it was read. */
  SourcedRecord sourced(int r) {
    return new SourcedRecord(record(r), file(r), line[r]);
  }

  /** The name at the start of record {@code r}'s RDATA after {@code skip} bytes (NS, CNAME, MX, SRV...). */
  Name nameInData(int r, int skip) {
    return wireName(rdata, dataStart[r] + skip, dataStart[r + 1]);
  }

  static Name wireName(byte[] bytes, int from, int to) {
    try {
      return new Name(new DNSInput(Arrays.copyOfRange(bytes, from, to)));
    } catch (WireParseException e) {
      throw new IllegalStateException("the reader wrote no name", e);
    }
  }
}

package io.wadns.zonefile;

import io.wadns.zone.NameTable;
import io.wadns.zonetext.RecordSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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

    /** The problem to report, in {@code file} (a display name) at the record that went over the limit. */
    ZoneProblem problem(String file, long maxRecords) {
      return new ZoneProblem(file, line, "the zone has more than " + maxRecords
          + " records; stopped reading (raise the limit with --max-records)");
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
  /** The file of the record before: the reader passes the same String for every record of a file. */
  private String lastFile;
  private short lastFileIndex;
  /** The owner of the record before, and its node: consecutive records usually share an owner. */
  private final byte[] lastOwner = new byte[255]; // RFC 1035 §3.1: a name is at most 255 octets
  private int lastOwnerLength = -1;
  private int lastNode = -1;

  /**
   * Records of all the chunks of one file read on several threads, counted in steps of {@link #STEP} so
   * that the record limit holds for the file, not for each chunk (eight chunks would otherwise hold eight
   * times the limit before the drafts are joined); null for a draft read alone.
   */
  private AtomicLong shared;
  static final int STEP = 1024;

  ZoneDraft(long maxRecords) {
    this(maxRecords, 64);
  }

  /** This draft, counting its records into {@code total}, the count of every chunk of the same file. */
  ZoneDraft countingInto(AtomicLong total) {
    this.shared = total;
    return this;
  }

  /**
   * @param expected about how many records will come (from the file's size), so the arrays are made
   *     once at about the right size instead of doubling (and leaving garbage) many times
   */
  ZoneDraft(long maxRecords, int expected) {
    this.maxRecords = maxRecords;
    int size = Math.max(64, expected);
    // Owners in wire form take about what their lines of text do (the origin a relative name leaves out
    // makes up for the type and data it has not): a million of 21 bytes outgrew 16 a record, and the
    // arena was doubled and copied once more before its trim.
    owners = new NameTable(size, arrayBytes(size, 24));
    owner = new int[size];
    type = new char[size];
    ttl = new int[size];
    line = new int[size];
    file = new short[size];
    dataStart = new int[size + 1];
    // RDATA in wire form: 9.3 bytes a record for the simple 1,000,000-record zone (mostly addresses), 12.8
    // for the mixed one (names in CNAME, MX, NS and SRV data). At 8 both outgrew the array and doubled it:
    // 9 MB copied into 18 new ones, every page of which the JVM writes as it zeroes them.
    rdata = new byte[arrayBytes(size, 14)];
  }

  /** {@code size * perRecord} bytes, at most what one array holds: a transfer's count is bounded by its limit only. */
  private static int arrayBytes(int size, int perRecord) {
    return (int) Math.min((long) size * perRecord, Integer.MAX_VALUE - 16);
  }

  @Override
  public void record(byte[] ownerWire, int ownerLength, int rrType, long rrTtl, byte[] data, int dataLength,
      String fileName, int fileLine) {
    if (count >= maxRecords || (shared != null && (count & (STEP - 1)) == STEP - 1
        && shared.addAndGet(STEP) > maxRecords + STEP)) {
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
    // RFC 2181 §8: a TTL with its top bit set (a transfer can carry one) is read as zero, as BIND does.
    ttl[count] = rrTtl > 0x7FFF_FFFFL ? 0 : (int) rrTtl;
    line[count] = fileLine;
    file[count] = fileIndex(fileName);
    count++;
  }

  private int node(byte[] wire, int length) {
    if (length == lastOwnerLength && Arrays.equals(wire, 0, length, lastOwner, 0, length)) {
      return lastNode;
    }
    lastNode = owners.intern(wire, 0, length);
    System.arraycopy(wire, 0, lastOwner, 0, length);
    lastOwnerLength = length;
    return lastNode;
  }

  private short fileIndex(String name) {
    if (name == lastFile) {
      return lastFileIndex;
    }
    Short known = fileIndex.get(name);
    short index;
    if (known != null) {
      index = known;
    } else {
      index = (short) files.size();
      files.add(name);
      fileIndex.put(name, index);
    }
    lastFile = name;
    lastFileIndex = index;
    return index;
  }

  /**
   * Appends the records of {@code next}, the draft of the part of the file that follows this one's
   * (a chunk read on another thread), as if the reader had handed them to this draft: same order,
   * owners interned here, RDATA copied after this draft's.
   */
  void append(ZoneDraft next) {
    if ((long) count + next.count > maxRecords) {
      throw new TooManyRecords(next.line[(int) (maxRecords - count)]);
    }
    int total = count + next.count;
    if (total + 1 > owner.length) {
      owner = Arrays.copyOf(owner, total + 1);
      type = Arrays.copyOf(type, total + 1);
      ttl = Arrays.copyOf(ttl, total + 1);
      line = Arrays.copyOf(line, total + 1);
      file = Arrays.copyOf(file, total + 1);
      dataStart = Arrays.copyOf(dataStart, total + 2);
    }
    int used = dataStart[count];
    int added = next.dataStart[next.count];
    if (used + added > rdata.length) {
      rdata = Arrays.copyOf(rdata, used + added);
    }
    System.arraycopy(next.rdata, 0, rdata, used, added);
    int[] nodes = new int[next.owners.size()];
    Arrays.fill(nodes, -1);
    short[] fileOf = new short[next.files.size()];
    for (int f = 0; f < fileOf.length; f++) {
      fileOf[f] = fileIndex(next.files.get(f));
    }
    byte[] names = next.owners.arena();
    for (int r = 0; r < next.count; r++) {
      int n = next.owner[r];
      if (nodes[n] < 0) {
        nodes[n] = owners.intern(names, next.owners.start(n), next.owners.length(n));
      }
      int to = count + r;
      owner[to] = nodes[n];
      type[to] = next.type[r];
      ttl[to] = next.ttl[r];
      line[to] = next.line[r];
      file[to] = fileOf[next.file[r]];
      dataStart[to + 1] = used + next.dataStart[r + 1];
    }
    count = total;
    lastOwnerLength = -1; // the record before is no longer this draft's last
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
    if (n != lastNamed || lastName == null) {
      int start = owners.start(n);
      lastName = wireName(owners.arena(), start, start + owners.length(n));
      lastNamed = n;
    }
    return lastName;
  }

  /**
   * The node {@link #name} made a name for last, and that name: the loader and the builder each ask for the
   * apex's, once per zone. A node's name never changes once interned.
   */
  private int lastNamed = -1;
  private Name lastName;

  /** Record {@code r} as a dnsjava record, for checks and messages. */
  Record record(int r) {
    return record(r, name(owner[r]));
  }

  /** Record {@code r} as a dnsjava record owned by {@code owner}, its node's name made once by the caller. */
  Record record(int r, Name owner) {
    return Record.newRecord(owner, type[r], DClass.IN, ttl[r], dataLength(r),
        Arrays.copyOfRange(rdata, dataStart[r], dataStart[r + 1]));
  }

  /** Record {@code r} owned by {@code owner} (as {@link #record(int, Name)}), with where it was read. */
  SourcedRecord sourced(int r, Name owner) {
    return new SourcedRecord(record(r, owner), file(r), line[r]);
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

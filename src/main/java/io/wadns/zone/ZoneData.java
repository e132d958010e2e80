package io.wadns.zone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The records of one zone in a few flat arrays, with no object per name, RRset or record: names
 * interned in a {@link NameTable} (a node is its name's index), each node's RRsets in one run of the
 * RRset arrays, each RRset's records in one run of the record arrays, and every RDATA in one byte
 * arena in wire form (names uncompressed, in the case the zone file wrote them). Memory is then a
 * few bytes per record beyond the data itself, and loading makes little garbage.
 *
 * <p>Immutable once built ({@link Builder}); read by any thread without locks. {@link Zone}, {@link
 * Node} and {@link RecordSet} are views over it.
 */
public final class ZoneData {
  /** A delegation point: NS below the apex (RFC 1034 §4.2.1). */
  static final byte CUT = 1;

  final NameTable names;
  /** RRsets of node {@code n}: {@code [nodeSets[n], nodeSets[n + 1])}. */
  final int[] nodeSets;
  final byte[] nodeFlags;
  /** The node {@code *.<name of n>}, or -1. */
  final int[] nodeWildcard;
  final char[] setType;
  final int[] setTtl;
  /** Records of RRset {@code s}: {@code [setRecords[s], setRecords[s + 1])}. */
  final int[] setRecords;
  /** RDATA of record {@code r}: {@code rdata[recordData[r], recordData[r + 1])}. */
  final int[] recordData;
  final byte[] rdata;

  ZoneData(NameTable names, int[] nodeSets, byte[] nodeFlags, int[] nodeWildcard, char[] setType,
      int[] setTtl, int[] setRecords, int[] recordData, byte[] rdata) {
    this.names = names;
    this.nodeSets = nodeSets;
    this.nodeFlags = nodeFlags;
    this.nodeWildcard = nodeWildcard;
    this.setType = setType;
    this.setTtl = setTtl;
    this.setRecords = setRecords;
    this.recordData = recordData;
    this.rdata = rdata;
  }

  public int nodeCount() {
    return names.size();
  }

  /** RRsets in all; an RRset's index ({@link #setIndex}) is below this. */
  public int setCount() {
    return setType.length;
  }

  /** The type of RRset {@code s}. */
  public int setType(int s) {
    return setType[s];
  }

  public int recordCount() {
    return recordData.length - 1;
  }

  /** Bytes the arrays hold, for reports and the memory budget. */
  public long footprint() {
    return names.footprint() + 4L * nodeSets.length + nodeFlags.length + 4L * nodeWildcard.length
        + 2L * setType.length + 4L * setTtl.length + 4L * setRecords.length + 4L * recordData.length + rdata.length;
  }

  /**
   * The nodes that hold an NSEC3 chain made elsewhere (RFC 5155 §3): children of {@code apex} with no
   * child of their own whose RRsets are NSEC3 and RRSIG only. They are no names of the zone (§7.2.8: a
   * query for one is answered as for a name that does not exist), so a zone served signed hides them;
   * null when the zone has none.
   */
  public java.util.BitSet nsec3Owners(int apex) {
    boolean any = false;
    for (char t : setType) {
      any |= t == org.xbill.DNS.Type.NSEC3;
    }
    if (!any) {
      return null;
    }
    java.util.BitSet owners = new java.util.BitSet(nodeCount());
    for (int n = 0; n < nodeCount(); n++) {
      boolean nsec3 = false;
      boolean other = false;
      for (int s = nodeSets[n]; s < nodeSets[n + 1]; s++) {
        nsec3 |= setType[s] == org.xbill.DNS.Type.NSEC3;
        other |= setType[s] != org.xbill.DNS.Type.NSEC3 && setType[s] != org.xbill.DNS.Type.RRSIG;
      }
      if (nsec3 && !other && parent(n) == apex) {
        owners.set(n);
      }
    }
    for (int n = 0; n < nodeCount() && !owners.isEmpty(); n++) {
      int up = parent(n);
      if (up >= 0 && owners.get(up)) {
        owners.clear(up); // a name with names below it is a name of the zone, whatever it holds
      }
    }
    return owners.isEmpty() ? null : owners;
  }

  /** The node of {@code name}, or -1. */
  public int find(Name name) {
    byte[] wire = name.toWire();
    return names.find(wire, 0, wire.length);
  }

  /** The name of node {@code n}, in the case it was written. */
  public Name name(int n) {
    try {
      return new Name(Arrays.copyOfRange(names.arena(), names.start(n), names.start(n) + names.length(n)));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a zone holds a malformed name", e);
    }
  }

  /** The node of the name one label above node {@code n}'s, or -1 when that name is not in the table (above the apex). */
  public int parent(int n) {
    byte[] arena = names.arena();
    int start = names.start(n);
    int length = names.length(n);
    int label = (arena[start] & 0xFF) + 1;
    return length <= 1 ? -1 : names.find(arena, start + label, length - label);
  }

  /** The RRsets of node {@code n} are those from this index up to {@link #setsEnd}. */
  public int setsStart(int n) {
    return nodeSets[n];
  }

  public int setsEnd(int n) {
    return nodeSets[n + 1];
  }

  /** The types of node {@code n}'s RRsets, in their order. */
  public int[] types(int n) {
    int[] out = new int[nodeSets[n + 1] - nodeSets[n]];
    for (int i = 0; i < out.length; i++) {
      out[i] = setType[nodeSets[n] + i];
    }
    return out;
  }

  /** The TTL of RRset {@code s}. */
  public long setTtl(int s) {
    return setTtl[s] & 0xFFFFFFFFL;
  }

  /** True when node {@code n} is a delegation point. */
  public boolean isCut(int n) {
    return (nodeFlags[n] & CUT) != 0;
  }

  /** The records of {@code type} at node {@code n}, owned by {@code owner}, with the RRset's TTL; empty if none. */
  public List<Record> records(int n, int type, Name owner) {
    int s = set(n, type);
    if (s < 0) {
      return List.of();
    }
    List<Record> out = new ArrayList<>(setRecords[s + 1] - setRecords[s]);
    for (int r = setRecords[s]; r < setRecords[s + 1]; r++) {
      out.add(Record.newRecord(owner, type, DClass.IN, setTtl[s], recordData[r + 1] - recordData[r],
          Arrays.copyOfRange(rdata, recordData[r], recordData[r + 1])));
    }
    return out;
  }

  /** The index of the RRset of {@code type} at node {@code n} (as health keys are kept), or -1. */
  public int setIndex(int n, int type) {
    return set(n, type);
  }

  /** How many records the RRset of {@code type} at node {@code n} holds; 0 when there is none. */
  public int setSize(int n, int type) {
    int s = set(n, type);
    return s < 0 ? 0 : setRecords[s + 1] - setRecords[s];
  }

  /** The RRset of {@code type} at node {@code n}, or -1. A node holds a handful: a scan is fastest. */
  int set(int n, int type) {
    for (int s = nodeSets[n]; s < nodeSets[n + 1]; s++) {
      if (setType[s] == type) {
        return s;
      }
    }
    return -1;
  }

  /**
   * Collects a zone's names and RRsets, in any order, and lays them out. Confined to the loading
   * thread.
   */
  public static final class Builder {
    private final NameTable names;
    // Small to start with (a hosting estate's zones have a dozen RRsets): a loader that knows the totals
    // sizes them once with expect(), and 10,000 zones should not each make and drop 30 KB first.
    private int[] setNode = new int[16];
    private char[] setType = new char[16];
    private int[] setTtl = new int[16];
    private int[] setRecords = new int[17];
    private int sets;
    private int[] recordData = new int[64];
    private int records;
    private byte[] rdata = new byte[1 << 10];
    private int rdataUsed;
    private byte[] flags;
    /** True while every RRset was added after those of lower nodes: then no reordering is needed. */
    private boolean inNodeOrder = true;
    /** After {@link #build}: where each RRset, in the order added, ended up; null when where it was added. */
    private int[] placed;

    /** A builder with a name table of its own. */
    public Builder() {
      this(new NameTable());
    }

    /**
     * A builder whose nodes are the names of {@code names} (node {@code i} is name {@code i}), and the
     * names added to it: a loader that interned the owners already need not intern them twice.
     */
    public Builder(NameTable names) {
      this.names = names;
      this.flags = new byte[Math.max(64, names.size() * 2)];
    }

    /** The node of the name in {@code wire[offset, offset + length)}, made if new. */
    public int node(byte[] wire, int offset, int length) {
      int n = names.intern(wire, offset, length);
      if (n >= flags.length) {
        flags = Arrays.copyOf(flags, flags.length * 2);
      }
      return n;
    }

    /**
     * Makes room for this many RRsets, records and bytes of RDATA in all, so that a loader that knows
     * them adds everything without the arrays growing, and {@link #build} hands the arrays over
     * as they are when the RRsets came in node order: no second copy of a big zone while loading.
     */
    public Builder expect(int setsInAll, int recordsInAll, int rdataBytesInAll) {
      if (setsInAll > setNode.length) {
        setNode = Arrays.copyOf(setNode, setsInAll);
        setType = Arrays.copyOf(setType, setsInAll);
        setTtl = Arrays.copyOf(setTtl, setsInAll);
        setRecords = Arrays.copyOf(setRecords, setsInAll + 1);
      }
      if (recordsInAll + 1 > recordData.length) {
        recordData = Arrays.copyOf(recordData, recordsInAll + 1);
      }
      if (rdataBytesInAll > rdata.length) {
        rdata = Arrays.copyOf(rdata, rdataBytesInAll);
      }
      return this;
    }

    /** Marks node {@code n} as a delegation point. */
    public void cut(int n) {
      flags[n] |= CUT;
    }

    /**
     * Starts an RRset of {@code type} at node {@code n}; its records follow with {@link #record}.
     * Returns its number in the order added (see {@link #placed}).
     */
    public int set(int n, int type, long ttl) {
      if (sets >= setNode.length || sets + 1 >= setRecords.length) {
        int size = Math.max(setNode.length, setRecords.length) * 2;
        setNode = Arrays.copyOf(setNode, size);
        setType = Arrays.copyOf(setType, size);
        setTtl = Arrays.copyOf(setTtl, size);
        setRecords = Arrays.copyOf(setRecords, size + 1);
      }
      inNodeOrder &= sets == 0 || setNode[sets - 1] <= n;
      setNode[sets] = n;
      setType[sets] = (char) type;
      setTtl[sets] = (int) ttl;
      setRecords[sets] = records;
      sets++;
      setRecords[sets] = records;
      return sets - 1;
    }

    /** After {@link #build}: the index in the built data of the RRset added as number {@code added}. */
    public int placed(int added) {
      return placed == null ? added : placed[added];
    }

    /** Adds a record, with RDATA {@code data[offset, offset + length)}, to the RRset started last. */
    public void record(byte[] data, int offset, int length) {
      if (records + 1 >= recordData.length) {
        recordData = Arrays.copyOf(recordData, recordData.length * 2);
      }
      if (rdataUsed + length > rdata.length) {
        rdata = Arrays.copyOf(rdata, Math.max(rdata.length * 2, rdataUsed + length));
      }
      recordData[records] = rdataUsed;
      System.arraycopy(data, offset, rdata, rdataUsed, length);
      rdataUsed += length;
      records++;
      recordData[records] = rdataUsed;
      setRecords[sets] = records;
    }

    /**
     * Lays the RRsets out node by node (RRsets of one node keep the order they were added in), links
     * each node to its wildcard child, and returns the immutable data.
     */
    public ZoneData build() {
      int nodes = names.size();
      names.freeze();
      int[] nodeSets = new int[nodes + 1];
      for (int s = 0; s < sets; s++) {
        nodeSets[setNode[s] + 1]++;
      }
      for (int n = 0; n < nodes; n++) {
        nodeSets[n + 1] += nodeSets[n];
      }
      int[] wildcard = wildcards(nodes);
      if (inNodeOrder) {
        // Already laid out node by node: the arrays are the result, cut to size if they are not.
        return new ZoneData(names, nodeSets, Arrays.copyOf(flags, nodes), wildcard, exact(setType, sets),
            exact(setTtl, sets), exact(setRecords, sets + 1), exact(recordData, records + 1), exact(rdata, rdataUsed));
      }
      int[] next = Arrays.copyOf(nodeSets, nodes);
      char[] type = new char[sets];
      int[] ttl = new int[sets];
      int[] recordsOf = new int[sets + 1];
      int[] data = new int[records + 1];
      byte[] arena = new byte[rdataUsed];
      int[] order = new int[sets];
      for (int s = 0; s < sets; s++) {
        order[next[setNode[s]]++] = s;
      }
      placed = new int[sets];
      int r = 0;
      int used = 0;
      for (int i = 0; i < sets; i++) {
        int s = order[i];
        placed[s] = i;
        type[i] = setType[s];
        ttl[i] = setTtl[s];
        recordsOf[i] = r;
        for (int k = setRecords[s]; k < setRecords[s + 1]; k++) {
          int len = recordData[k + 1] - recordData[k];
          System.arraycopy(rdata, recordData[k], arena, used, len);
          data[r++] = used;
          used += len;
        }
      }
      recordsOf[sets] = r;
      data[r] = used;
      return new ZoneData(names, nodeSets, Arrays.copyOf(flags, nodes), wildcard, type, ttl, recordsOf, data, arena);
    }

    /** For each node, the node of its wildcard child {@code *.<name>}, or -1. */
    private int[] wildcards(int nodes) {
      int[] wildcard = new int[nodes];
      Arrays.fill(wildcard, -1);
      byte[] arenaOfNames = names.arena();
      for (int n = 0; n < nodes; n++) {
        int start = names.start(n);
        if (arenaOfNames[start] == 1 && arenaOfNames[start + 1] == '*') {
          int parent = names.find(arenaOfNames, start + 2, names.length(n) - 2);
          if (parent >= 0) {
            wildcard[parent] = n;
          }
        }
      }
      return wildcard;
    }

    private static int[] exact(int[] a, int length) {
      return a.length == length ? a : Arrays.copyOf(a, length);
    }

    private static char[] exact(char[] a, int length) {
      return a.length == length ? a : Arrays.copyOf(a, length);
    }

    private static byte[] exact(byte[] a, int length) {
      return a.length == length ? a : Arrays.copyOf(a, length);
    }
  }
}

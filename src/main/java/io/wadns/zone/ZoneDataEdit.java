package io.wadns.zone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A copy of a zone's {@link ZoneData} with some RRsets replaced, added or removed at names it has:
 * how an incremental transfer's few changes become a new version without rebuilding the zone. The
 * arrays are copied in one pass, the names and the flags of the nodes are shared with the version
 * edited (both are immutable), so the cost is a copy of the arrays, not a record object per record.
 */
public final class ZoneDataEdit {
  /**
   * The edited data, and where each RRset of the version edited went: {@code moved[s]} is its index
   * in {@code data}, or -1 when the edit replaced or removed it.
   */
  public record Edited(ZoneData data, int[] moved) {}

  private ZoneDataEdit() {}

  /**
   * {@code held} with {@code edits} applied; an RRset of a new type goes after the node's others.
   *
   * @throws IllegalArgumentException when an edit names a name {@code held} does not have, or names
   *     one RRset twice
   */
  public static Edited of(ZoneData held, List<RrsetEdit> edits) {
    Map<Integer, List<RrsetEdit>> byNode = new HashMap<>();
    int sets = held.setType.length;
    int records = held.recordCount();
    long bytes = held.rdata.length;
    for (RrsetEdit e : edits) {
      int n = held.find(e.owner());
      if (n < 0) {
        throw new IllegalArgumentException("no node " + e.owner() + " to edit");
      }
      List<RrsetEdit> atNode = byNode.computeIfAbsent(n, k -> new ArrayList<>(2));
      for (RrsetEdit other : atNode) {
        if (other.type() == e.type()) {
          throw new IllegalArgumentException("two edits of one RRset at " + e.owner());
        }
      }
      atNode.add(e);
      int s = held.set(n, e.type());
      if (s >= 0) {
        sets--;
        records -= held.setRecords[s + 1] - held.setRecords[s];
        bytes -= held.recordData[held.setRecords[s + 1]] - held.recordData[held.setRecords[s]];
      }
      if (!e.removes()) {
        sets++;
        records += e.rdata().size();
        bytes += e.bytes();
      }
    }
    if (bytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("the edited zone holds more than 2 GiB of RDATA");
    }
    return new Copy(held, sets, records, (int) bytes).run(byNode);
  }

  /** The new arrays, filled node by node. */
  private static final class Copy {
    private final ZoneData held;
    private final int[] nodeSets;
    private final char[] setType;
    private final int[] setTtl;
    private final int[] setRecords;
    private final int[] recordData;
    private final byte[] rdata;
    private final int[] moved;
    private int set;
    private int record;
    private int used;

    Copy(ZoneData held, int sets, int records, int bytes) {
      this.held = held;
      this.nodeSets = new int[held.nodeCount() + 1];
      this.setType = new char[sets];
      this.setTtl = new int[sets];
      this.setRecords = new int[sets + 1];
      this.recordData = new int[records + 1];
      this.rdata = new byte[bytes];
      this.moved = new int[held.setType.length];
    }

    Edited run(Map<Integer, List<RrsetEdit>> byNode) {
      for (int n = 0; n < held.nodeCount(); n++) {
        nodeSets[n] = set;
        List<RrsetEdit> atNode = byNode.get(n);
        for (int s = held.nodeSets[n]; s < held.nodeSets[n + 1]; s++) {
          RrsetEdit e = atNode == null ? null : editOf(atNode, held.setType[s]);
          moved[s] = e == null ? set : -1;
          if (e == null) {
            copy(s);
          } else if (!e.removes()) {
            write(e);
          }
        }
        if (atNode != null) {
          for (RrsetEdit e : atNode) {
            if (held.set(n, e.type()) < 0 && !e.removes()) {
              write(e);
            }
          }
        }
      }
      nodeSets[held.nodeCount()] = set;
      setRecords[set] = record;
      recordData[record] = used;
      ZoneData data = new ZoneData(held.names, nodeSets, held.nodeFlags, held.nodeWildcard, setType, setTtl,
          setRecords, recordData, rdata);
      return new Edited(data, moved);
    }

    private static RrsetEdit editOf(List<RrsetEdit> atNode, int type) {
      for (RrsetEdit e : atNode) {
        if (e.type() == type) {
          return e;
        }
      }
      return null;
    }

    private void copy(int s) {
      setType[set] = held.setType[s];
      setTtl[set] = held.setTtl[s];
      setRecords[set++] = record;
      int from = held.setRecords[s];
      int to = held.setRecords[s + 1];
      int start = held.recordData[from];
      int length = held.recordData[to] - start;
      System.arraycopy(held.rdata, start, rdata, used, length);
      for (int r = from; r < to; r++) {
        recordData[record++] = held.recordData[r] - start + used;
      }
      used += length;
    }

    private void write(RrsetEdit e) {
      setType[set] = (char) e.type();
      setTtl[set] = (int) e.ttl();
      setRecords[set++] = record;
      for (byte[] d : e.rdata()) {
        recordData[record++] = used;
        System.arraycopy(d, 0, rdata, used, d.length);
        used += d.length;
      }
    }
  }
}

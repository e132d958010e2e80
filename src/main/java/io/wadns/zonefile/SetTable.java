package io.wadns.zonefile;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The RRsets of a zone while it is built, node by node, in flat arrays: for each RRset its type, its
 * one TTL, its distinct records (indices into the {@link ZoneDraft}) and, when its owner has a
 * HEALTHCHECK, the health key of each address. No object per RRset: for a zone of a million names
 * that is about 20 bytes an RRset instead of an object and an array each, kept until the zone is
 * laid out.
 *
 * <p>Filled in node order ({@link #startNode}, then {@link #add} for each RRset of that node);
 * confined to the loading thread.
 */
final class SetTable {
  /** RRsets of node {@code n}: {@code [nodeStart[n], nodeStart[n + 1])}. */
  private final int[] nodeStart;
  private int nodes;
  private char[] type;
  private int[] ttl;
  /** Records of RRset {@code s}: {@code records[recordStart[s], recordStart[s + 1])}. */
  private int[] recordStart;
  private int[] records;
  private int count;
  private int recordCount;
  /** Health keys by RRset, for the address RRsets of health-checked owners: few in most zones. */
  private final Map<Integer, int[]> healthKeys = new HashMap<>();

  /**
   * @param nodes the nodes the RRsets belong to
   * @param expectedRecords about how many records the RRsets will hold in all (arrays grow past it)
   */
  SetTable(int nodes, int expectedRecords) {
    int size = Math.max(16, expectedRecords);
    nodeStart = new int[nodes + 1];
    type = new char[size];
    ttl = new int[size];
    recordStart = new int[size + 1];
    records = new int[size];
  }

  /** The RRsets added from here on belong to node {@code n}; nodes are started in increasing order. */
  void startNode(int n) {
    while (nodes <= n) {
      nodeStart[nodes++] = count;
    }
  }

  /**
   * Adds an RRset to the node started last.
   *
   * @param distinct its records, without duplicates, in the order they are to be served
   * @param keys the health key of each record, or null
   */
  void add(int rrType, long rrTtl, int[] distinct, int[] keys) {
    if (count + 1 >= recordStart.length) {
      int size = recordStart.length * 2;
      type = Arrays.copyOf(type, size);
      ttl = Arrays.copyOf(ttl, size);
      recordStart = Arrays.copyOf(recordStart, size + 1);
    }
    if (recordCount + distinct.length > records.length) {
      records = Arrays.copyOf(records, Math.max(records.length * 2, recordCount + distinct.length));
    }
    type[count] = (char) rrType;
    ttl[count] = (int) rrTtl; // the draft's TTLs are at most 2^31 - 1 (RFC 2181 §8)
    recordStart[count] = recordCount;
    System.arraycopy(distinct, 0, records, recordCount, distinct.length);
    recordCount += distinct.length;
    recordStart[count + 1] = recordCount;
    if (keys != null) {
      healthKeys.put(count, keys);
    }
    count++;
  }

  /** Ends the table: every node not started yet has no RRsets. */
  void finish() {
    startNode(nodeStart.length - 1);
  }

  /** The first RRset of node {@code n}. */
  int first(int n) {
    return nodeStart[n];
  }

  /** One past the last RRset of node {@code n}. */
  int end(int n) {
    return nodeStart[n + 1];
  }

  int size() {
    return count;
  }

  int recordCount() {
    return recordCount;
  }

  int type(int s) {
    return type[s];
  }

  long ttl(int s) {
    return ttl[s];
  }

  /** The records of RRset {@code s} are {@code record(k)} for k from this up to {@link #recordsEnd}. */
  int recordsStart(int s) {
    return recordStart[s];
  }

  int recordsEnd(int s) {
    return recordStart[s + 1];
  }

  /** The draft's index of the {@code k}-th record of the table. */
  int record(int k) {
    return records[k];
  }

  /** The health keys of RRset {@code s}'s records, or null. */
  int[] healthKeys(int s) {
    // Asked of every RRset by the layout: most zones check nothing, and a boxed lookup each is garbage.
    return healthKeys.isEmpty() ? null : healthKeys.get(s);
  }
}

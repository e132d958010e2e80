package io.wadns.zone;

/**
 * A cursor over every record of a zone in wire form, with no object per record: what a zone
 * transfer reads. The served records come first, node by node and RRset by RRset, then the
 * configuration records (ALIAS, HEALTHCHECK), which are never answered but travel with the zone.
 * Owner names and RDATA are read in place from the zone's arrays (names uncompressed, in the case
 * the zone file wrote them). Each cursor is confined to one thread; the zone it reads is immutable.
 */
public final class ZoneRecords {
  private final ZoneData[] parts;
  private int part;
  private ZoneData data;
  private int node;
  private int set = -1;
  private int record = -1;

  ZoneRecords(ZoneData served, ZoneData configuration) {
    this.parts = configuration == null ? new ZoneData[] {served} : new ZoneData[] {served, configuration};
    this.data = served;
  }

  /** Moves to the next record; false when there is none. */
  public boolean next() {
    while (true) {
      if (set >= 0 && record + 1 < data.setRecords[set + 1]) {
        record++;
        return true;
      }
      // the next RRset of this node, else of the next nodes
      int nextSet = set + 1;
      while (node < data.nodeCount() && nextSet >= data.nodeSets[node + 1]) {
        node++;
      }
      if (node < data.nodeCount()) {
        set = nextSet;
        record = data.setRecords[set] - 1;
        continue;
      }
      if (++part >= parts.length) {
        return false;
      }
      data = parts[part];
      node = 0;
      set = -1;
      record = -1;
    }
  }

  /** The arena holding the owner name, uncompressed, at {@link #ownerStart()}. */
  public byte[] ownerArena() {
    return data.names.arena();
  }

  public int ownerStart() {
    return data.names.start(node);
  }

  public int ownerLength() {
    return data.names.length(node);
  }

  public int type() {
    return data.setType[set];
  }

  public long ttl() {
    return data.setTtl[set] & 0xFFFFFFFFL;
  }

  /** The arena holding the RDATA at {@link #rdataStart()}. */
  public byte[] rdataArena() {
    return data.rdata;
  }

  public int rdataStart() {
    return data.recordData[record];
  }

  public int rdataLength() {
    return data.recordData[record + 1] - data.recordData[record];
  }
}

package io.wadns.zone;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * An RRset (RFC 2181 §5): the records of one owner and type, with one TTL. Immutable once built;
 * the array is never handed out for writing.
 */
public final class RecordSet {
  private final Name owner;
  private final int type;
  private final Record[] records;

  RecordSet(Name owner, int type, Record[] records) {
    this.owner = owner;
    this.type = type;
    this.records = records;
  }

  public Name owner() {
    return owner;
  }

  public int type() {
    return type;
  }

  public long ttl() {
    return records[0].getTTL();
  }

  public int size() {
    return records.length;
  }

  public Record get(int i) {
    return records[i];
  }

  public Record first() {
    return records[0];
  }

  public List<Record> records() {
    return List.of(records);
  }

  /** Appends every record, in zone order, to {@code out}. */
  public void addTo(List<Record> out) {
    for (Record r : records) {
      out.add(r);
    }
  }

  /** Appends every record re-owned to {@code name} (wildcard synthesis, RFC 4592 §3.3.1). */
  public void addTo(List<Record> out, Name name) {
    for (Record r : records) {
      out.add(r.withName(name));
    }
  }
}

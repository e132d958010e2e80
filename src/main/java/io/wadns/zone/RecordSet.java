package io.wadns.zone;

import io.wadns.health.AddressHealth;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * An RRset (RFC 2181 §5): the records of one owner and type, with one TTL. Immutable once built;
 * the array is never handed out for writing. Address sets of a name with a HEALTHCHECK carry the
 * health of each address, read without locks.
 */
public final class RecordSet {
  private final Name owner;
  private final int type;
  private final Record[] records;
  private final AddressHealth[] health;

  RecordSet(Name owner, int type, Record[] records, AddressHealth[] health) {
    this.owner = owner;
    this.type = type;
    this.records = records;
    this.health = health;
  }

  /** True when the addresses carry health checks, so what is served can change between queries. */
  public boolean checked() {
    return health != null;
  }

  /** Health of each address record, index for index; null when the name has no HEALTHCHECK. */
  AddressHealth[] health() {
    return health == null ? null : health.clone();
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

  /**
   * Appends the records, in zone order, to {@code out}. Checked addresses that are down are left out
   * while any address is up; when none is, all are served (failing open, as Route 53 does).
   */
  public void addTo(List<Record> out) {
    addTo(out, null);
  }

  /** As {@link #addTo(List)}, re-owned to {@code name} (wildcard synthesis, RFC 4592 §3.3.1) unless null. */
  public void addTo(List<Record> out, Name name) {
    boolean filter = health != null && anyUp() && !allUp();
    for (int i = 0; i < records.length; i++) {
      if (!filter || health[i].isUp()) {
        out.add(name == null ? records[i] : records[i].withName(name));
      }
    }
  }

  private boolean anyUp() {
    for (AddressHealth h : health) {
      if (h.isUp()) {
        return true;
      }
    }
    return false;
  }

  private boolean allUp() {
    for (AddressHealth h : health) {
      if (!h.isUp()) {
        return false;
      }
    }
    return true;
  }
}

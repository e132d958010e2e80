package io.wadns.zone;

import io.wadns.health.HealthView;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * An RRset (RFC 2181 §5): the records of one owner and type, with one TTL. Immutable once built;
 * the array is never handed out for writing. Address sets of a name with a HEALTHCHECK carry the
 * health key of each address; what is served depends on the {@link HealthView} a query passes in.
 */
public final class RecordSet {
  private final Name owner;
  private final int type;
  private final Record[] records;
  private final int[] healthKeys;

  /**
   * @param records one owner, type and TTL; owned by the set from now on
   * @param healthKeys the health key of each address, index for index; null when unchecked
   */
  public RecordSet(Name owner, int type, Record[] records, int[] healthKeys) {
    this.owner = owner;
    this.type = type;
    this.records = records;
    this.healthKeys = healthKeys;
  }

  /** True when the addresses carry health checks, so what is served can change between queries. */
  public boolean checked() {
    return healthKeys != null;
  }

  /** The health key of each address record, index for index; null when the name has no HEALTHCHECK. */
  public int[] healthKeys() {
    return healthKeys == null ? null : healthKeys.clone();
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

  /** Appends the records, in zone order, to {@code out}; for sets without health checks. */
  public void addTo(List<Record> out) {
    addTo(out, null, HealthView.ALL_UP);
  }

  /**
   * Appends the records, in zone order, re-owned to {@code name} (wildcard synthesis, RFC 4592
   * §3.3.1) unless null. Checked addresses down in {@code health} are left out while any address is
   * up; when none is, all are served (failing open, as Route 53 does).
   */
  public void addTo(List<Record> out, Name name, HealthView health) {
    boolean filter = healthKeys != null && !health.allUp() && anyUp(health) && !allUp(health);
    for (int i = 0; i < records.length; i++) {
      if (!filter || health.isUp(healthKeys[i])) {
        out.add(name == null ? records[i] : records[i].withName(name));
      }
    }
  }

  private boolean anyUp(HealthView health) {
    for (int key : healthKeys) {
      if (health.isUp(key)) {
        return true;
      }
    }
    return false;
  }

  private boolean allUp(HealthView health) {
    for (int key : healthKeys) {
      if (!health.isUp(key)) {
        return false;
      }
    }
    return true;
  }
}

package io.wadns.zone;

import io.wadns.health.HealthView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * An RRset (RFC 2181 §5): the records of one owner and type, with one TTL, as a view over the
 * zone's {@link ZoneData}. Records are made from their wire form when asked for: the answer cache
 * asks once per name and type, so the common answers never do. Address sets of a name with a
 * HEALTHCHECK carry the health key of each address; what is served depends on the {@link
 * HealthView} a query passes in.
 */
public final class RecordSet {
  private final Zone zone;
  private final int index;
  private final Name owner;

  RecordSet(Zone zone, int index, Name owner) {
    this.zone = zone;
    this.index = index;
    this.owner = owner;
  }

  /** True when the addresses carry health checks, so what is served can change between queries. */
  public boolean checked() {
    return zone.healthKeys(index) != null;
  }

  /** The health key of each address record, index for index; null when the name has no HEALTHCHECK. */
  public int[] healthKeys() {
    int[] keys = zone.healthKeys(index);
    return keys == null ? null : keys.clone();
  }

  /** The RRset's index in the zone's data, as its signatures are kept ({@link ZoneSignatures#ofSet}). */
  public int index() {
    return index;
  }

  public Name owner() {
    return owner;
  }

  public int type() {
    return zone.data().setType[index];
  }

  public long ttl() {
    return zone.data().setTtl[index];
  }

  public int size() {
    ZoneData data = zone.data();
    return data.setRecords[index + 1] - data.setRecords[index];
  }

  /** Record {@code i}, made from its wire form, owned by {@link #owner()}. */
  public Record get(int i) {
    return record(i, owner);
  }

  public Record first() {
    return get(0);
  }

  public List<Record> records() {
    List<Record> out = new ArrayList<>(size());
    addTo(out);
    return out;
  }

  /** Appends the records, in zone order, to {@code out}; for sets without health checks. */
  public void addTo(List<Record> out) {
    addTo(out, null, HealthView.ALL_UP);
  }

  /**
   * Appends the records, in zone order, owned by {@code name} (wildcard synthesis, RFC 4592 §3.3.1)
   * or by this set's owner when null. Checked addresses down in {@code health} are left out while any
   * address is up; when none is, all are served (failing open, as Route 53 does).
   */
  public void addTo(List<Record> out, Name name, HealthView health) {
    int[] part = servedPart(health);
    Name as = name == null ? owner : name;
    if (part == null) {
      for (int i = 0, n = size(); i < n; i++) {
        out.add(record(i, as));
      }
      return;
    }
    for (int i : part) {
      out.add(record(i, as));
    }
  }

  /**
   * The indices (ascending) of the records {@link #addTo} serves under {@code health} when that is not the
   * whole set (some checked addresses down, some up); null when it is the whole set.
   */
  public int[] servedPart(HealthView health) {
    int[] keys = zone.healthKeys(index);
    if (keys == null || health.allUp() || !anyUp(keys, health) || allUp(keys, health)) {
      return null;
    }
    int count = 0;
    for (int key : keys) {
      count += health.isUp(key) ? 1 : 0;
    }
    int[] out = new int[count];
    for (int i = 0, k = 0; i < keys.length; i++) {
      if (health.isUp(keys[i])) {
        out[k++] = i;
      }
    }
    return out;
  }

  private Record record(int i, Name as) {
    ZoneData data = zone.data();
    int r = data.setRecords[index] + i;
    int start = data.recordData[r];
    int end = data.recordData[r + 1];
    return Record.newRecord(as, type(), DClass.IN, ttl(), end - start, Arrays.copyOfRange(data.rdata, start, end));
  }

  private static boolean anyUp(int[] keys, HealthView health) {
    for (int key : keys) {
      if (health.isUp(key)) {
        return true;
      }
    }
    return false;
  }

  private static boolean allUp(int[] keys, HealthView health) {
    for (int key : keys) {
      if (!health.isUp(key)) {
        return false;
      }
    }
    return true;
  }
}

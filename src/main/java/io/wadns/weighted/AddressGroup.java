package io.wadns.weighted;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The address RRset of an alias target, already re-owned to the alias' name so an answer is a
 * slice of this array. Each answer starts at a random rotation, so clients that take the first
 * address spread over the group; with {@code max} it is a random subset of that many addresses.
 */
public final class AddressGroup implements AliasTarget {
  private final Name source;
  private final String id;
  private final Record[] records;
  private final int max;

  /**
   * @param source the group's own name (endpoint-a.example.com.), for logs
   * @param id the alias id that led here, for logs and metrics
   * @param records the group's records re-owned to the alias owner; all of one type and TTL
   * @param max answer with at most this many records; 0 for all
   */
  public AddressGroup(Name source, String id, Record[] records, int max) {
    if (records.length == 0) {
      throw new IllegalArgumentException("an address group needs records");
    }
    this.source = source;
    this.id = id;
    this.records = records.clone();
    this.max = max <= 0 || max >= records.length ? records.length : max;
  }

  @Override
  public AddressGroup resolve(Randomness random) {
    return this;
  }

  public Name source() {
    return source;
  }

  public String id() {
    return id;
  }

  public int size() {
    return records.length;
  }

  public Record record(int i) {
    return records[i];
  }

  /**
   * Appends this answer's addresses to {@code out}: the whole group rotated by a random offset, or
   * a uniformly random subset of {@code max} when the group is larger than that.
   *
   * @param owner null to keep the alias owner, or the query name for wildcard synthesis
   */
  public void addTo(List<Record> out, Randomness random, Name owner) {
    int n = records.length;
    if (max == n) {
      int start = n == 1 ? 0 : random.nextInt(n);
      for (int i = 0; i < n; i++) {
        add(out, records[(start + i) % n], owner);
      }
      return;
    }
    // Partial Fisher-Yates over indices: max distinct records, in random order.
    int[] index = new int[n];
    for (int i = 0; i < n; i++) {
      index[i] = i;
    }
    for (int i = 0; i < max; i++) {
      int j = i + random.nextInt(n - i);
      int t = index[i];
      index[i] = index[j];
      index[j] = t;
      add(out, records[index[i]], owner);
    }
  }

  private static void add(List<Record> out, Record r, Name owner) {
    out.add(owner == null ? r : r.withName(owner));
  }
}

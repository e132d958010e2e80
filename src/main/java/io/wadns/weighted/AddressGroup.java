package io.wadns.weighted;

import io.wadns.health.AddressHealth;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The address RRset of an alias target, already re-owned to the alias' name so an answer is a
 * slice of this array. Each answer starts at a random rotation, so clients that take the first
 * address spread over the group; with {@code max} it is a random subset of that many addresses.
 * Addresses whose health check says down are left out while any address is up.
 */
public final class AddressGroup implements AliasTarget {
  private final Name source;
  private final String id;
  private final Record[] records;
  private final int max;
  private final AddressHealth[] health;
  private final int ordinal;
  private final LongAdder answers = new LongAdder();

  /**
   * @param source the group's own name (endpoint-a.example.com.), for logs
   * @param id the alias id that led here, for logs and metrics
   * @param records the group's records re-owned to the alias owner; all of one type and TTL
   * @param max answer with at most this many records; 0 for all
   * @param health the health of each record's address, index for index; null when unchecked
   * @param ordinal this group's index among the leaves of its alias tree, for per-leaf caches
   */
  public AddressGroup(Name source, String id, Record[] records, int max, AddressHealth[] health, int ordinal) {
    if (records.length == 0) {
      throw new IllegalArgumentException("an address group needs records");
    }
    this.source = source;
    this.id = id;
    this.records = records.clone();
    this.max = max <= 0 || max >= records.length ? records.length : max;
    if (health != null && health.length != records.length) {
      throw new IllegalArgumentException("one health tracker per record");
    }
    this.health = health == null ? null : health.clone();
    this.ordinal = ordinal;
  }

  /** Counts one answer served from this group (the weighted split, for metrics). */
  public void countAnswer() {
    answers.increment();
  }

  /** Answers served from this group since it was loaded. */
  public long answers() {
    return answers.sum();
  }

  /** This group's index among the leaves of its alias tree (see {@link AliasChoice#leaves()}). */
  public int ordinal() {
    return ordinal;
  }

  /**
   * True when an answer is the whole group in one of its rotations: no {@code max} subset and no
   * address down. Only then is an answer one of {@link #size()} fixed arrangements.
   */
  public boolean servesWholeGroup() {
    if (max != records.length) {
      return false;
    }
    if (health != null) {
      for (AddressHealth h : health) {
        if (!h.isUp()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Appends the whole group starting at record {@code rotation}: the arrangement an answer uses. */
  public void addRotation(List<Record> out, int rotation) {
    int n = records.length;
    for (int i = 0; i < n; i++) {
      out.add(records[(rotation + i) % n]);
    }
  }

  @Override
  public boolean healthy() {
    if (health == null) {
      return true;
    }
    for (AddressHealth h : health) {
      if (h.isUp()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean checked() {
    return health != null;
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
    int[] up = health == null ? null : upIndices();
    int n = up == null ? records.length : up.length;
    int take = Math.min(max, n);
    if (take == n) {
      int start = n == 1 ? 0 : random.nextInt(n);
      for (int i = 0; i < n; i++) {
        int k = (start + i) % n;
        add(out, records[up == null ? k : up[k]], owner);
      }
      return;
    }
    // Partial Fisher-Yates over indices: `take` distinct records, in random order.
    int[] index = up != null ? up : identity(n);
    for (int i = 0; i < take; i++) {
      int j = i + random.nextInt(n - i);
      int t = index[i];
      index[i] = index[j];
      index[j] = t;
      add(out, records[index[i]], owner);
    }
  }

  /**
   * Indices of the up addresses, or null when all are up (the common case, no copy). When none is
   * up the whole group is served: failing open beats an empty answer (Route 53 does the same).
   */
  private int[] upIndices() {
    int count = 0;
    for (AddressHealth h : health) {
      if (h.isUp()) {
        count++;
      }
    }
    if (count == health.length || count == 0) {
      return null;
    }
    int[] up = new int[count];
    for (int i = 0, k = 0; i < health.length; i++) {
      if (health[i].isUp()) {
        up[k++] = i;
      }
    }
    return up;
  }

  private static int[] identity(int n) {
    int[] index = new int[n];
    for (int i = 0; i < n; i++) {
      index[i] = i;
    }
    return index;
  }

  private static void add(List<Record> out, Record r, Name owner) {
    out.add(owner == null ? r : r.withName(owner));
  }
}

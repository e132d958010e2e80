package io.wadns.weighted;

import io.wadns.health.HealthView;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The address RRset of an alias target, as an answer uses it: each answer starts at a random
 * rotation, so clients that take the first address spread over the group; with {@code max} it is the
 * {@code max} addresses that follow a random start (wrapping). Addresses the health view says are
 * down are left out while any address is up. One group serves every name whose alias tree reaches
 * it (with the same alias id and {@code max}): answers carry the name asked for as their owner.
 *
 * <p>Immutable. Holds health keys, never health state: every method that depends on health takes
 * the {@link HealthView} the query read. The addresses are kept as their RDATA, not as dnsjava records:
 * answers are made from them owned by the name asked for (the fast path renders each rotation once),
 * and a zone of many weighted names holds no object per address.
 */
public final class AddressGroup implements AliasTarget {
  private final Name source;
  private final String id;
  private final int type;
  private final long ttl;
  private final byte[][] rdata;
  private final int max;
  private final int[] healthKeys;

  /**
   * @param source the group's own name (endpoint-a.example.com.), for logs
   * @param id the alias id that led here, for logs and metrics
   * @param type A or AAAA
   * @param ttl the TTL of the group's RRset
   * @param rdata each record's RDATA, in the group's order
   * @param max answer with at most this many records; 0 for all
   * @param healthKeys the health key of each record's address, index for index; null when unchecked
   */
  public AddressGroup(Name source, String id, int type, long ttl, byte[][] rdata, int max, int[] healthKeys) {
    if (rdata.length == 0) {
      throw new IllegalArgumentException("an address group needs records");
    }
    if (healthKeys != null && healthKeys.length != rdata.length) {
      throw new IllegalArgumentException("one health key per record");
    }
    this.source = source;
    this.id = id;
    this.type = type;
    this.ttl = ttl;
    this.rdata = rdata.clone();
    this.max = max <= 0 || max >= rdata.length ? rdata.length : max;
    this.healthKeys = healthKeys == null ? null : healthKeys.clone();
  }

  /**
   * True when an answer under {@code health} is the whole group in one of its rotations: no
   * {@code max} subset and no address down. Only then is an answer one of {@link #size()} fixed
   * arrangements.
   */
  public boolean servesWholeGroup(HealthView health) {
    return max == rdata.length && upCount(health) == rdata.length;
  }

  /**
   * Appends the whole group starting at record {@code rotation}, owned by {@code owner}: the
   * arrangement an answer uses.
   */
  public void addRotation(List<Record> out, int rotation, Name owner) {
    int n = rdata.length;
    for (int i = 0; i < n; i++) {
      out.add(record((rotation + i) % n, owner));
    }
  }

  @Override
  public boolean healthy(HealthView health) {
    return upCount(health) > 0;
  }

  @Override
  public boolean checked() {
    return healthKeys != null;
  }

  @Override
  public AddressGroup resolve(Randomness random, HealthView health) {
    return this;
  }

  public Name source() {
    return source;
  }

  public String id() {
    return id;
  }

  public int size() {
    return rdata.length;
  }

  /** Record {@code i} of the group, owned by the group's own name. */
  public Record record(int i) {
    return record(i, source);
  }

  /** Record {@code i} of the group, owned by {@code owner}. */
  public Record record(int i, Name owner) {
    return Record.newRecord(owner, type, DClass.IN, ttl, rdata[i]);
  }

  /**
   * Appends this answer's addresses to {@code out}, in the order of {@link #servedIndices}: the whole
   * group rotated by a random offset, or a window of {@code max} consecutive addresses (in the group's
   * order, wrapping) from a random start when the group is larger than that. Addresses down in
   * {@code health} are left out while any is up; when none is, the whole group is served: failing open
   * beats an empty answer (Route 53 does the same).
   *
   * @param owner the owner of the answer's records: the alias owner, or the query name for wildcard
   *     synthesis
   */
  public void addTo(List<Record> out, Randomness random, Name owner, HealthView health) {
    int n = rdata.length;
    int up = upCount(health);
    if ((up == n || up == 0) && max == n) {
      int start = n == 1 ? 0 : random.nextInt(n); // the common answer: a rotation, no index array
      for (int i = 0; i < n; i++) {
        out.add(record((start + i) % n, owner));
      }
      return;
    }
    addIndices(out, servedIndices(random, health), owner);
  }

  /** Appends the records at {@code indices}, in that order, owned by {@code owner}. */
  public void addIndices(List<Record> out, int[] indices, Name owner) {
    for (int i : indices) {
      out.add(record(i, owner));
    }
  }

  /**
   * The indices of the records one answer serves, in answer order. A window rather than any subset of
   * {@code max} keeps the distinct answers of a group of n addresses to n, each signed ahead when the
   * zone is signed (each address still appears in {@code max} of the n windows: the load spreads evenly).
   */
  public int[] servedIndices(Randomness random, HealthView health) {
    int[] up = upIndices(health);
    return window(up, up.length == 1 ? 0 : random.nextInt(up.length), Math.min(max, up.length));
  }

  /** The indices of the whole group, rotated by a random offset, whatever {@code max} and health say. */
  public int[] wholeRotation(Randomness random) {
    int n = rdata.length;
    return window(identity(n), n == 1 ? 0 : random.nextInt(n), n);
  }

  /**
   * Every distinct set of records an answer can serve under {@code health}, each as sorted indices
   * (an RRSIG covers its RRset in canonical order, whatever the rotation): the up addresses when
   * {@code max} takes them all, else each window of {@code max} over them.
   */
  public List<int[]> servedSets(HealthView health) {
    int[] up = upIndices(health);
    int n = up.length;
    int take = Math.min(max, n);
    List<int[]> out = new java.util.ArrayList<>(take == n ? 1 : n);
    for (int start = 0; start < (take == n ? 1 : n); start++) {
      int[] set = window(up, start, take);
      java.util.Arrays.sort(set);
      out.add(set);
    }
    return out;
  }

  /** {@code take} entries of {@code from}, from {@code start} on, wrapping: one answer's indices. */
  private static int[] window(int[] from, int start, int take) {
    int[] out = new int[take];
    for (int i = 0; i < take; i++) {
      out[i] = from[(start + i) % from.length];
    }
    return out;
  }

  /** The indices of the addresses up under {@code health}, in the group's order; all when none is up. */
  private int[] upIndices(HealthView health) {
    int up = upCount(health);
    if (up == rdata.length || up == 0) {
      return identity(rdata.length);
    }
    return upIndices(health, up);
  }

  /** Addresses up under {@code health}; all of them when the group is unchecked. */
  private int upCount(HealthView health) {
    if (healthKeys == null || health.allUp()) {
      return rdata.length;
    }
    int count = 0;
    for (int key : healthKeys) {
      if (health.isUp(key)) {
        count++;
      }
    }
    return count;
  }

  /** Indices of the {@code count} addresses up under {@code health}. */
  private int[] upIndices(HealthView health, int count) {
    int[] up = new int[count];
    for (int i = 0, k = 0; i < healthKeys.length && k < count; i++) {
      if (health.isUp(healthKeys[i])) {
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
}

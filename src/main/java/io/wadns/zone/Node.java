package io.wadns.zone;

import io.wadns.weighted.WeightedName;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * One name of a zone, as a view over its {@link ZoneData}: its RRsets, its weighted aliases, and
 * facts the lookup needs (is it a zone cut, its wildcard child). A node with no RRsets and no
 * aliases is an empty non-terminal (RFC 8020). Made on demand, immutable and cheap: two views of
 * one name are equal.
 */
public final class Node {
  private final Zone zone;
  private final int index;
  private Name name;

  Node(Zone zone, int index) {
    this.zone = zone;
    this.index = index;
  }

  /** The name, in the case the zone file wrote it. */
  public Name name() {
    Name n = name;
    if (n == null) {
      n = zone.nameOf(index);
      name = n;
    }
    return n;
  }

  /** The RRset of {@code type}, or null. */
  public RecordSet get(int type) {
    int s = zone.data().set(index, type);
    return s < 0 ? null : new RecordSet(zone, s, name());
  }

  public int setCount() {
    ZoneData data = zone.data();
    return data.nodeSets[index + 1] - data.nodeSets[index];
  }

  public RecordSet set(int i) {
    return new RecordSet(zone, zone.data().nodeSets[index] + i, name());
  }

  public boolean isEmptyNonTerminal() {
    return setCount() == 0 && !hasAlias();
  }

  /** A delegation point: NS records at a name other than the apex (RFC 1034 §4.2.1). */
  public boolean isCut() {
    return (zone.data().nodeFlags[index] & ZoneData.CUT) != 0;
  }

  public RecordSet cname() {
    return get(Type.CNAME);
  }

  public RecordSet dname() {
    return get(Type.DNAME);
  }

  public boolean hasAlias() {
    return zone.aliases(index) != null;
  }

  /** The weighted aliases for {@code type} (A or AAAA), or null when no target has that type. */
  public WeightedName alias(int type) {
    WeightedName[] both = zone.aliases(index);
    if (both == null) {
      return null;
    }
    return type == Type.A ? both[0] : type == Type.AAAA ? both[1] : null;
  }

  /** The node {@code *.<this name>}, the source of synthesis below this name (RFC 4592 §3.3.1). */
  Node wildcard() {
    int w = zone.data().nodeWildcard[index];
    return w < 0 ? null : new Node(zone, w);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Node other && other.zone == zone && other.index == index;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(zone) * 31 + index;
  }
}

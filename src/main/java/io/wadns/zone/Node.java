package io.wadns.zone;

import io.wadns.weighted.WeightedName;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * One name of a zone: its RRsets, its weighted alias choices, and facts the lookup needs precomputed
 * (is it a zone cut, its wildcard child). A node with no RRsets and no aliases is an empty
 * non-terminal (RFC 8020). Immutable: a zone builder makes its nodes deepest first, so a node's
 * wildcard child exists before it does.
 */
public final class Node {
  private static final RecordSet[] NONE = new RecordSet[0];

  private final Name name;
  private final RecordSet[] sets;
  private final boolean cut;
  private final boolean hasAlias;
  private final WeightedName aliasA;
  private final WeightedName aliasAaaa;
  private final Node wildcard;

  /**
   * @param sets the RRsets, owned by the node from now on
   * @param cut a delegation point: NS records at a name other than the apex (RFC 1034 §4.2.1)
   * @param hasAlias the name has ALIAS records (then its addresses come from them, even when a
   *     choice is null because no target has that address type)
   * @param aliasA the weighted choice for A, or null
   * @param aliasAaaa the weighted choice for AAAA, or null
   * @param wildcard the node {@code *.<name>}, or null
   */
  public Node(Name name, RecordSet[] sets, boolean cut, boolean hasAlias, WeightedName aliasA, WeightedName aliasAaaa,
      Node wildcard) {
    this.name = name;
    this.sets = sets.length == 0 ? NONE : sets;
    this.cut = cut;
    this.hasAlias = hasAlias;
    this.aliasA = aliasA;
    this.aliasAaaa = aliasAaaa;
    this.wildcard = wildcard;
  }

  public Name name() {
    return name;
  }

  /** The RRset of {@code type}, or null. Linear: a node rarely holds more than a handful of types. */
  public RecordSet get(int type) {
    for (RecordSet s : sets) {
      if (s.type() == type) {
        return s;
      }
    }
    return null;
  }

  public int setCount() {
    return sets.length;
  }

  public RecordSet set(int i) {
    return sets[i];
  }

  public boolean isEmptyNonTerminal() {
    return sets.length == 0 && !hasAlias;
  }

  /** A delegation point: NS records at a name other than the apex (RFC 1034 §4.2.1). */
  public boolean isCut() {
    return cut;
  }

  public RecordSet cname() {
    return get(Type.CNAME);
  }

  public RecordSet dname() {
    return get(Type.DNAME);
  }

  public boolean hasAlias() {
    return hasAlias;
  }

  /** The weighted aliases for {@code type} (A or AAAA), or null when no target has that type. */
  public WeightedName alias(int type) {
    return type == Type.A ? aliasA : type == Type.AAAA ? aliasAaaa : null;
  }

  /** The node {@code *.<this name>}, the source of synthesis below this name (RFC 4592 §3.3.1). */
  Node wildcard() {
    return wildcard;
  }
}

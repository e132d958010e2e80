package io.wadns.zone;

import io.wadns.weighted.AliasChoice;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * One name of a zone: its RRsets, its weighted alias choices, and facts the lookup needs precomputed
 * (is it a zone cut, its wildcard child). A node with no RRsets is an empty non-terminal (RFC 8020).
 */
public final class Node {
  private static final RecordSet[] NONE = new RecordSet[0];

  private final Name name;
  private final RecordSet[] sets;
  private final boolean cut;
  private AliasChoice aliasA;
  private AliasChoice aliasAaaa;
  private boolean hasAlias;
  private Node wildcard;

  Node(Name name, RecordSet[] sets, boolean cut) {
    this.name = name;
    this.sets = sets;
    this.cut = cut;
  }

  static Node emptyNonTerminal(Name name) {
    return new Node(name, NONE, false);
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

  /** Every RRset of the node, for ANY (RFC 8482). */
  public RecordSet[] sets() {
    return sets.clone();
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

  /** The weighted alias choice for {@code type} (A or AAAA), or null when no target has that type. */
  public AliasChoice alias(int type) {
    return type == Type.A ? aliasA : type == Type.AAAA ? aliasAaaa : null;
  }

  /** The node {@code *.<this name>}, the source of synthesis below this name (RFC 4592 §3.3.1). */
  Node wildcard() {
    return wildcard;
  }

  void setWildcard(Node wildcard) {
    this.wildcard = wildcard;
  }

  void setAliases(AliasChoice a, AliasChoice aaaa) {
    this.hasAlias = true;
    this.aliasA = a;
    this.aliasAaaa = aaaa;
  }
}

package io.wadns.resolve;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * What the resolver found: an rcode, the AA bit and three sections of records. Writing bytes (and
 * deciding truncation) is the encoder's job; the resolver only collects. One per query, confined to
 * the thread answering it.
 */
public final class Answer {
  private int rcode = Rcode.NOERROR;
  private boolean authoritative;
  private int requiredAdditional;
  private boolean variable;
  private boolean existingName;
  private io.wadns.weighted.AddressGroup pickedGroup;
  private final List<Record> answer = new ArrayList<>(8);
  private final List<Record> authority = new ArrayList<>(4);
  private final List<Record> additional = new ArrayList<>(4);

  /** A positive authoritative answer of exactly these records, as a weighted pick produces. */
  public static Answer authoritative(List<Record> records) {
    Answer a = new Answer();
    a.authoritative = true;
    a.answer.addAll(records);
    return a;
  }

  /**
   * The answer of a weighted alias name whose group is already picked: the group's addresses (with
   * health and {@code max=} applied), AA set, nothing else, exactly as the resolver would answer.
   */
  public static Answer fromGroup(io.wadns.weighted.AddressGroup group, io.wadns.weighted.Randomness random) {
    Answer a = new Answer();
    a.authoritative = true;
    a.variable = true;
    a.existingName = true;
    a.pickedGroup = group;
    group.addTo(a.answer, random, null);
    return a;
  }

  public int rcode() {
    return rcode;
  }

  public boolean authoritative() {
    return authoritative;
  }

  public List<Record> answer() {
    return answer;
  }

  public List<Record> authority() {
    return authority;
  }

  public List<Record> additional() {
    return additional;
  }

  /**
   * How many leading records of the additional section are required: in-domain glue of a referral
   * (RFC 9471 §3), whose loss must set TC rather than go unnoticed.
   */
  public int requiredAdditional() {
    return requiredAdditional;
  }

  /**
   * True when the same query would get the same answer until the zones change: no random pick, no
   * health state, no wildcard synthesis, no ANY. Such answers may be served from a cache of bytes.
   */
  public boolean deterministic() {
    return !variable;
  }

  /** True when the query name exists in a zone (so caching its answers is bounded by the zones). */
  public boolean startsAtExistingName() {
    return existingName;
  }

  /** The alias target that answered, when the answer came from a weighted pick; else null. */
  public io.wadns.weighted.AddressGroup pickedGroup() {
    return pickedGroup;
  }

  void pickedGroup(io.wadns.weighted.AddressGroup group) {
    this.pickedGroup = group;
  }

  void markVariable() {
    this.variable = true;
  }

  void markExistingName() {
    this.existingName = true;
  }

  void rcode(int rcode) {
    this.rcode = rcode;
  }

  void authoritative(boolean aa) {
    this.authoritative = aa;
  }

  void requireAdditional(int count) {
    this.requiredAdditional = count;
  }
}

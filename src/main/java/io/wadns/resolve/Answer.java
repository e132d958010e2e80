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
  private final List<Record> answer = new ArrayList<>(8);
  private final List<Record> authority = new ArrayList<>(4);
  private final List<Record> additional = new ArrayList<>(4);

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

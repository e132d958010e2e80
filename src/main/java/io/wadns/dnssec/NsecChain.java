package io.wadns.dnssec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The NSEC chain of a zone (RFC 4034 §4) and the denial proofs drawn from it (RFC 4035 §3.1.3), as
 * lookups over the chain built once at load. Immutable and thread-safe. The proofs are the NSEC records
 * for the authority section; their RRSIGs come from the signer.
 *
 * <p>Proof methods take the query name and expect the outcome the caller found in the zone; asked for
 * a proof that does not hold (NXDOMAIN for a name that exists, say), they throw
 * {@link IllegalArgumentException}.
 */
public final class NsecChain implements DenialChain {
  private final Name apex;
  private final long ttl;
  /** The owners in canonical order, and their links index for index. */
  private final Name[] owners;
  private final Link[] links;

  /**
   * One NSEC of the chain, kept small: its owner, next name and type bitmap as sorted type numbers. A
   * dnsjava {@link NSECRecord} keeps its bitmap as a tree set, about 200 bytes more per name; records are
   * made when an answer or the signer needs them.
   */
  private static final class Link {
    private final Name owner;
    private final Name next;
    private final int[] types;

    Link(Name owner, Name next, int[] types) {
      this.owner = owner;
      this.next = next;
      this.types = types;
    }

    Name getName() {
      return owner;
    }

    Name getNext() {
      return next;
    }

    boolean hasType(int type) {
      return Arrays.binarySearch(types, type) >= 0;
    }
  }

  private NsecChain(Name apex, long ttl, Name[] owners, Link[] links) {
    this.apex = apex;
    this.ttl = ttl;
    this.owners = owners;
    this.links = links;
  }

  /** The link owned by {@code name}, or null. */
  private Link linkAt(Name name) {
    int i = Arrays.binarySearch(owners, name);
    return i >= 0 ? links[i] : null;
  }

  private NSECRecord record(Link link) {
    return new NSECRecord(link.owner, DClass.IN, ttl, link.next, link.types);
  }

  /**
   * Builds the chain over {@code names}: every name that owns records, the apex and delegation cuts
   * included, empty non-terminals and names below cuts left out. Each NSEC lists the name's types plus
   * NSEC and RRSIG (RFC 4034 §4.1.2); {@code ttl} should be the SOA's negative TTL, min(SOA TTL, MINIMUM)
   * (RFC 9077 §3).
   */
  public static NsecChain build(Name apex, Map<Name, ? extends Collection<Integer>> names, long ttl) {
    ZoneNames.Sorted sorted = ZoneNames.sorted(apex, names);
    Name[] owners = sorted.names();
    Link[] links = new Link[owners.length];
    for (int i = 0; i < owners.length; i++) {
      Name owner = owners[i];
      int[] types = sorted.types()[i];
      if (types.length == 0) {
        throw new IllegalArgumentException(owner + " owns no records; NSEC leaves out empty non-terminals");
      }
      // RFC 4034 §4.1.1: the last NSEC's next name is the apex, closing the chain.
      Name next = i + 1 < owners.length ? owners[i + 1] : apex;
      // RFC 4034 §4.1.2: every NSEC's bitmap has NSEC and RRSIG too.
      links[i] = new Link(owner, next, ZoneNames.sortedDistinct(types, Type.NSEC, Type.RRSIG));
    }
    return new NsecChain(apex, ttl, owners, links);
  }

  /**
   * The chain as a signer elsewhere made it ({@code dnssec-signzone}, a signing primary): its NSEC
   * records as they are, so that the signatures made over them stay valid. Served with the smallest of
   * their TTLs (one TTL per chain; RFC 4034 §4 wants the SOA's negative TTL for all of them anyway).
   *
   * @throws IllegalArgumentException unless the records form one closed chain from the apex: each next
   *     name is the following owner in canonical order, and the last points back to the apex
   */
  public static NsecChain of(Name apex, List<NSECRecord> records) {
    NSECRecord[] sorted = records.toArray(new NSECRecord[0]);
    Arrays.sort(sorted, (a, b) -> a.getName().compareTo(b.getName()));
    if (sorted.length == 0 || !sorted[0].getName().equals(apex)) {
      throw new IllegalArgumentException("the apex " + apex + " owns no NSEC record");
    }
    Name[] owners = new Name[sorted.length];
    Link[] links = new Link[sorted.length];
    long ttl = Long.MAX_VALUE;
    for (int i = 0; i < sorted.length; i++) {
      NSECRecord r = sorted[i];
      Name expected = i + 1 < sorted.length ? sorted[i + 1].getName() : apex;
      if (i > 0 && r.getName().equals(sorted[i - 1].getName())) {
        throw new IllegalArgumentException(r.getName() + " owns two NSEC records");
      }
      if (!r.getNext().equals(expected)) {
        throw new IllegalArgumentException("the NSEC of " + r.getName() + " names " + r.getNext() + " next, where "
            + expected + " follows it");
      }
      owners[i] = r.getName();
      links[i] = new Link(r.getName(), r.getNext(), r.getTypes());
      ttl = Math.min(ttl, r.getTTL());
    }
    return new NsecChain(apex, ttl, owners, links);
  }

  public Name apex() {
    return apex;
  }

  /** The types the NSEC at {@code name} lists, sorted; null when the chain holds no NSEC there. */
  int[] typesAt(Name name) {
    Link link = linkAt(name);
    return link == null ? null : link.types.clone();
  }

  /** The chain in canonical order, to sign and serve (and transfer). */
  public List<NSECRecord> records() {
    List<NSECRecord> out = new ArrayList<>(links.length);
    for (Link link : links) {
      out.add(record(link));
    }
    return out;
  }

  /**
   * RFC 4035 §3.1.3.2: the name does not exist. The NSEC covering the name, and the NSEC covering the
   * wildcard at the closest encloser (proving no wildcard could have matched); one record when the same
   * NSEC covers both.
   */
  public List<Record> nxdomain(Name qname) {
    Link covering = covering(qname);
    if (covering.getName().equals(qname) || isEmptyNonTerminal(qname, covering)) {
      throw new IllegalArgumentException(qname + " exists (an empty non-terminal exists too): NODATA, not NXDOMAIN");
    }
    Name wildcard = ZoneNames.wildcardAt(closestEncloser(qname, covering));
    if (wildcard != null && linkAt(wildcard) != null) {
      throw new IllegalArgumentException(wildcard + " exists, so " + qname + " is a wildcard answer");
    }
    return wildcard == null ? List.of(record(covering)) : distinct(covering, covering(wildcard));
  }

  /**
   * RFC 4035 §3.1.3.1: the name exists but has no record of the asked type. The NSEC at the name,
   * whose type bitmap the validator reads; for an empty non-terminal, which owns no NSEC, the NSEC
   * covering it, whose next name lies below it (RFC 4035 §5.4).
   */
  public List<Record> nodata(Name qname) {
    Link at = linkAt(qname);
    if (at != null) {
      return List.of(record(at));
    }
    Link covering = covering(qname);
    if (!isEmptyNonTerminal(qname, covering)) {
      throw new IllegalArgumentException(qname + " does not exist: NXDOMAIN, not NODATA");
    }
    return List.of(record(covering));
  }

  /**
   * RFC 4035 §3.1.3.3: the answer came from a wildcard. The NSEC covering the query name, proving no
   * closer name matched.
   */
  public List<Record> wildcardAnswer(Name qname) {
    return List.of(record(coveringNonexistent(qname)));
  }

  /**
   * RFC 4035 §3.1.3.4: a wildcard matched but has no record of the asked type. The NSEC covering the
   * query name and the NSEC at the wildcard, whose bitmap lacks the type.
   */
  public List<Record> wildcardNodata(Name qname) {
    Link covering = coveringNonexistent(qname);
    Name wildcard = ZoneNames.wildcardAt(closestEncloser(qname, covering));
    if (wildcard == null) {
      throw new IllegalArgumentException("no wildcard matches " + qname);
    }
    Link at = linkAt(wildcard);
    if (at != null) {
      return distinct(covering, at);
    }
    // A wildcard that is an empty non-terminal (only names below it own data) owns no NSEC: the NSEC
    // covering it, whose next name lies below it, proves it exists with no data (RFC 4035 §5.4).
    Link aboveWildcard = covering(wildcard);
    if (!isEmptyNonTerminal(wildcard, aboveWildcard)) {
      throw new IllegalArgumentException("no wildcard matches " + qname);
    }
    return distinct(covering, aboveWildcard);
  }

  /** The NSEC owned by {@code name}, or null (a name without data, or one the chain does not hold). */
  public NSECRecord at(Name name) {
    Link link = linkAt(name);
    return link == null ? null : record(link);
  }

  /**
   * RFC 4035 §3.1.4: a referral to an unsigned child, or NODATA for its DS. The NSEC at the cut, whose
   * bitmap has NS and no DS.
   */
  public List<Record> insecureDelegation(Name cut) {
    Link at = linkAt(cut);
    if (at == null || cut.equals(apex) || !at.hasType(Type.NS) || at.hasType(Type.DS)) {
      throw new IllegalArgumentException(cut + " is not an unsigned delegation (NS without DS)");
    }
    return List.of(record(at));
  }

  /** The NSEC whose owner comes before the name and whose next name after it (wrapping at the end). */
  private Link covering(Name name) {
    if (!name.subdomain(apex)) {
      throw new IllegalArgumentException(name + " is not in the zone " + apex);
    }
    // Every name in the zone sorts after the apex, which owns the first NSEC: a floor always exists.
    int i = Arrays.binarySearch(owners, name);
    Link floor = links[i >= 0 ? i : -i - 2];
    // A cut's descendants sort right after it: a name the cut's NSEC covers may lie below the cut.
    if (!floor.getName().equals(name) && name.subdomain(floor.getName()) && !floor.getName().equals(apex)
        && floor.hasType(Type.NS)) {
      throw new IllegalArgumentException(name + " lies below the delegation cut " + floor.getName()
          + ": a referral, not a denial");
    }
    return floor;
  }

  private Link coveringNonexistent(Name qname) {
    Link covering = covering(qname);
    if (covering.getName().equals(qname) || isEmptyNonTerminal(qname, covering)) {
      throw new IllegalArgumentException(qname + " exists, so no wildcard applies");
    }
    return covering;
  }

  /** A name that owns no NSEC but has one below it: the next name after it is its descendant. */
  private static boolean isEmptyNonTerminal(Name name, Link covering) {
    return !covering.getName().equals(name) && covering.getNext().subdomain(name)
        && !covering.getNext().equals(name);
  }

  /**
   * RFC 4035 §5.4 (as validators compute it): the closest encloser of a name the NSEC covers is the
   * longer of its common ancestors with the NSEC's owner and with its next name.
   */
  static Name closestEncloser(Name qname, Link covering) {
    Name a = ZoneNames.commonAncestor(qname, covering.getName());
    Name b = ZoneNames.commonAncestor(qname, covering.getNext());
    return a.labels() >= b.labels() ? a : b;
  }

  private List<Record> distinct(Link a, Link b) {
    return a.getName().equals(b.getName()) ? List.of(record(a)) : List.of(record(a), record(b));
  }
}

package io.wadns.resolve;

import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.AliasChoice;
import io.wadns.weighted.Randomness;
import io.wadns.zone.NameLookup;
import io.wadns.zone.Node;
import io.wadns.zone.RecordSet;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.util.function.Supplier;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The authoritative resolver core: {@code Answer resolve(Query)}, RFC 1034 §4.3.2 for the zones of
 * the current snapshot, with weighted aliases in place of A/AAAA where a name has them.
 *
 * <p>Thread-safe and lock-free: it reads the zone snapshot once per query and never writes shared
 * state. It knows nothing of sockets or wire format.
 */
public final class Resolver {
  private static final int[] ADDRESS_TYPES = {Type.A, Type.AAAA};

  /** Longest CNAME/DNAME chain followed; loops stop earlier, when a name repeats. */
  static final int MAX_CHAIN = 8;

  private final Supplier<ZoneSet> zones;
  private final Randomness random;
  private final AdditionalSection additional;

  public Resolver(Supplier<ZoneSet> zones, Randomness random) {
    this.zones = zones;
    this.random = random;
    this.additional = new AdditionalSection(random);
  }

  /** The zone snapshot queries are answered from right now. */
  public ZoneSet snapshot() {
    return zones.get();
  }

  /** The random source of weighted picks. */
  public Randomness random() {
    return random;
  }

  public Answer resolve(Query query) {
    Answer answer = new Answer();
    ZoneSet set = zones.get();
    Name qname = query.name();
    int qtype = query.type();
    Zone zone = qtype == Type.DS ? parentSideZone(set, qname) : set.find(qname);
    if (zone == null) {
      answer.rcode(Rcode.REFUSED);
      return answer;
    }
    answer.authoritative(true);
    Name[] chain = new Name[MAX_CHAIN + 1];
    chain[0] = qname;
    for (int hop = 0; ; hop++) {
      NameLookup found = zone.lookup(qname);
      if (hop == 0 && (found instanceof NameLookup.Exact
          || found instanceof NameLookup.Cut cutAtName && cutAtName.atCut())) {
        answer.markExistingName();
      }
      Name next;
      if (found instanceof NameLookup.Cut cut) {
        if (cut.atCut() && qtype == Type.DS) {
          answerType(answer, zone, cut.cut(), null, query);
        } else {
          referral(answer, zone, cut.cut(), hop == 0);
        }
        return answer;
      } else if (found instanceof NameLookup.NameError) {
        answer.rcode(Rcode.NXDOMAIN);
        answer.authority().add(zone.negativeSoa());
        return answer;
      } else if (found instanceof NameLookup.Dname d) {
        next = synthesizeFromDname(answer, d.owner(), qname);
        if (next == null) {
          return answer;
        }
      } else {
        boolean wildcard = found instanceof NameLookup.Wildcard;
        if (wildcard) {
          answer.markVariable(); // synthesized per query name: caching it per name would be unbounded
        }
        Node node = wildcard ? ((NameLookup.Wildcard) found).source() : ((NameLookup.Exact) found).node();
        Name owner = wildcard ? qname : null;
        RecordSet cname = node.cname();
        // RFC 1034 §4.3.2 step 3a: a CNAME answers every type but CNAME itself (and ANY, which it matches).
        if (cname == null || qtype == Type.CNAME || qtype == Type.ANY) {
          answerType(answer, zone, node, owner, query);
          return answer;
        }
        addSet(answer, cname, owner);
        next = ((CNAMERecord) cname.first()).getTarget();
      }
      if (hop + 1 >= MAX_CHAIN || seen(chain, hop + 1, next)) {
        return answer;
      }
      Zone nextZone = set.find(next);
      if (nextZone == null) {
        return answer; // the chain leaves our zones: the client's resolver follows it from here
      }
      chain[hop + 1] = next;
      qname = next;
      zone = nextZone;
    }
  }

  /**
   * DS lives on the parent side of a cut (RFC 4035 §3.1.4.1): at the apex of a zone whose parent we
   * also serve, the parent answers.
   */
  private static Zone parentSideZone(ZoneSet set, Name qname) {
    Zone zone = set.find(qname);
    if (zone != null && zone.origin().equals(qname) && qname.labels() > 1) {
      Zone parent = set.findAbove(qname, qname.labels() - 1);
      if (parent != null) {
        return parent;
      }
    }
    return zone;
  }

  /** The data of {@code node} for the query type, or NODATA (RFC 2308 §2.2). */
  private void answerType(Answer answer, Zone zone, Node node, Name owner, Query query) {
    int qtype = query.type();
    if (qtype == Type.ANY) {
      answer.markVariable(); // the answer depends on the transport
      answerAny(answer, zone, node, owner, query.fullAny());
      return;
    }
    if ((qtype == Type.A || qtype == Type.AAAA) && node.hasAlias()) {
      AliasChoice choice = node.alias(qtype);
      if (choice == null) {
        noData(answer, zone);
      } else {
        answer.markVariable();
        AddressGroup group = choice.resolve(random);
        answer.pickedGroup(group);
        group.addTo(answer.answer(), random, owner);
      }
      return;
    }
    RecordSet set = node.get(qtype);
    if (set == null) {
      noData(answer, zone);
      return;
    }
    addSet(answer, set, owner);
    additional.addFor(answer, zone, set);
  }

  /** RFC 8482 §4.1: over UDP one RRset is enough; over TCP the whole node. */
  private void answerAny(Answer answer, Zone zone, Node node, Name owner, boolean full) {
    int count = full ? node.setCount() : Math.min(1, node.setCount());
    for (int i = 0; i < count; i++) {
      addSet(answer, node.set(i), owner);
    }
    if ((full || count == 0) && node.hasAlias()) {
      for (int type : ADDRESS_TYPES) {
        AliasChoice choice = node.alias(type);
        if (choice != null && (full || answer.answer().isEmpty())) {
          choice.resolve(random).addTo(answer.answer(), random, owner);
        }
      }
    }
    if (answer.answer().isEmpty()) {
      noData(answer, zone);
    }
  }

  /**
   * A referral (RFC 1034 §4.3.2 step 3b): the cut's NS set in authority, glue in additional. Only
   * the first step of an answer is non-authoritative; a CNAME chain into a cut keeps AA.
   */
  private void referral(Answer answer, Zone zone, Node cut, boolean first) {
    if (first) {
      answer.authoritative(false);
    }
    RecordSet ns = cut.get(Type.NS);
    ns.addTo(answer.authority());
    additional.addGlue(answer, zone, cut, ns);
  }

  /** RFC 6672 §3.1: the DNAME, then a CNAME from the query name to its substitution. */
  private static Name synthesizeFromDname(Answer answer, Node owner, Name qname) {
    DNAMERecord dname = (DNAMERecord) owner.dname().first();
    answer.answer().add(dname);
    Name target;
    try {
      target = qname.fromDNAME(dname);
    } catch (NameTooLongException e) {
      answer.rcode(Rcode.YXDOMAIN); // RFC 6672 §2.2
      return null;
    }
    answer.answer().add(new CNAMERecord(qname, DClass.IN, dname.getTTL(), target));
    return target;
  }

  private static void noData(Answer answer, Zone zone) {
    answer.authority().add(zone.negativeSoa());
  }

  private static void addSet(Answer answer, RecordSet set, Name owner) {
    if (set.checked()) {
      answer.markVariable();
    }
    if (owner == null) {
      set.addTo(answer.answer());
    } else {
      set.addTo(answer.answer(), owner);
    }
  }

  private static boolean seen(Name[] chain, int length, Name name) {
    for (int i = 0; i < length; i++) {
      if (chain[i].equals(name)) {
        return true;
      }
    }
    return false;
  }
}

package io.wadns.resolve;

import io.wadns.health.HealthView;
import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.Pick;
import io.wadns.weighted.WeightedName;
import io.wadns.weighted.Randomness;
import io.wadns.zone.NameLookup;
import io.wadns.zone.Node;
import io.wadns.zone.RecordSet;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import io.wadns.zone.ZoneSignatures;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The authoritative resolver core: {@code Answer resolve(Query)}, RFC 1034 §4.3.2 for the zones of
 * the current snapshot, with weighted aliases in place of A/AAAA where a name has them.
 *
 * <p>Thread-safe and lock-free: it reads the zone snapshot and the health view once per query, passes
 * them down, and never writes shared state. It knows nothing of sockets or wire format.
 */
public final class Resolver {
  private static final int[] ADDRESS_TYPES = {Type.A, Type.AAAA};

  /** Longest CNAME/DNAME chain followed; loops stop earlier, when a name repeats. */
  static final int MAX_CHAIN = 8;

  private final Supplier<ZoneSet> zones;
  private final Supplier<HealthView> health;
  private final Randomness random;
  private final AdditionalSection additional;

  /** A resolver for zones without health state: every address is up. */
  public Resolver(Supplier<ZoneSet> zones, Randomness random) {
    this(zones, () -> HealthView.ALL_UP, random);
  }

  public Resolver(Supplier<ZoneSet> zones, Supplier<HealthView> health, Randomness random) {
    this.zones = zones;
    this.health = health;
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

  /** The health view queries are answered with right now. */
  public HealthView health() {
    return health.get();
  }

  /** Answers from the current snapshot and health view. */
  public Answer resolve(Query query) {
    return resolve(query, zones.get(), health.get());
  }

  /** Answers from {@code set} with {@code view}: one consistent state for the whole answer. */
  public Answer resolve(Query query, ZoneSet set, HealthView view) {
    Name qname = query.name();
    int qtype = query.type();
    Zone zone = qtype == Type.DS ? parentSideZone(set, qname) : set.find(qname);
    if (zone == null) {
      Name failed = set.failedOrigin(qname);
      return failed == null ? Answer.Refused.INSTANCE : new Answer.ServerFailure(failed);
    }
    AnswerBuilder answer = new AnswerBuilder();
    Name[] chain = new Name[MAX_CHAIN + 1];
    chain[0] = qname;
    for (int hop = 0; ; hop++) {
      // RFC 4035 §3.1: signatures and proofs only for a query with DO, and only from a signed zone.
      ZoneSignatures sigs = query.dnssecOk() ? zone.signatures() : null;
      NameLookup found = zone.lookup(qname);
      if (hop == 0 && (found instanceof NameLookup.Exact
          || found instanceof NameLookup.Cut cutAtName && cutAtName.atCut())) {
        answer.markExistingName();
      }
      Name next;
      if (found instanceof NameLookup.Cut cut) {
        if (cut.atCut() && qtype == Type.DS) {
          return answerType(answer, zone, cut.cut(), null, qname, query, view, sigs);
        }
        return referral(answer, zone, cut.cut(), view, sigs);
      } else if (found instanceof NameLookup.NameError) {
        negativeSoa(answer, zone, sigs);
        if (sigs != null) {
          answer.authority.addAll(sigs.nameError(qname)); // RFC 4035 §3.1.3.2
        }
        return answer.nameError();
      } else if (found instanceof NameLookup.Dname d) {
        answer.markVariable(); // the synthesized CNAME's target keeps the spelling of the name asked
        next = synthesizeFromDname(answer, d.owner(), qname, sigs);
        if (next == null) {
          return answer.nameTooLong();
        }
      } else {
        boolean wildcard = found instanceof NameLookup.Wildcard;
        Node node = wildcard ? ((NameLookup.Wildcard) found).source() : ((NameLookup.Exact) found).node();
        Name owner = wildcard ? qname : null;
        RecordSet cname = node.cname();
        // RFC 1034 §4.3.2 step 3a: a CNAME answers every type but CNAME itself (and ANY, which it matches).
        if (cname == null || qtype == Type.CNAME || qtype == Type.ANY) {
          return answerType(answer, zone, node, owner, qname, query, view, sigs);
        }
        addSet(answer, cname, owner, view, sigs);
        wildcardProof(answer, owner, qname, sigs);
        next = ((CNAMERecord) cname.first()).getTarget();
      }
      Zone nextZone = hop + 1 >= MAX_CHAIN || seen(chain, hop + 1, next) ? null : set.find(next);
      if (nextZone == null) {
        // The chain loops, runs too long or leaves our zones: the client's resolver follows it.
        return answer.positive();
      }
      chain[hop + 1] = next;
      qname = next;
      zone = nextZone;
    }
  }

  /**
   * The answer of a weighted name whose group is already picked (by the answer cache, for this very
   * query): the group's addresses with health and {@code max=} applied, as {@link #resolve} would give,
   * with the group's RRSIGs when {@code sigs} is not null (the query's DO bit and its zone signed).
   */
  public Answer answerWith(Pick pick, HealthView view, ZoneSignatures sigs) {
    List<Record> records = new ArrayList<>(pick.group().size() + 1);
    Signed.addGroup(records, pick.name(), pick.group(), random, pick.name().owner(), null, view, sigs);
    return Answer.of(records, pick);
  }

  /** As {@link #answerWith(Pick, HealthView, ZoneSignatures)} without DNSSEC. */
  public Answer answerWith(Pick pick, HealthView view) {
    return answerWith(pick, view, null);
  }

  /** A positive answer of exactly {@code records}, as the encoder renders a weighted pick's rotation. */
  public static Answer answerOf(List<Record> records) {
    return Answer.of(records, null);
  }

  /**
   * DS lives on the parent side of a cut (RFC 4035 §3.1.4.1): at the apex of a zone whose parent we
   * also serve, the parent answers.
   */
  private static Zone parentSideZone(ZoneSet set, Name qname) {
    Zone zone = set.find(qname);
    boolean atApex = zone != null ? zone.origin().equals(qname) : qname.equals(set.failedOrigin(qname));
    if (atApex && qname.labels() > 1) {
      Zone parent = set.findAbove(qname, qname.labels() - 1);
      if (parent != null) {
        return parent;
      }
    }
    return zone;
  }

  /**
   * The data of {@code node} for the query type, or NODATA (RFC 2308 §2.2). {@code owner} is the query
   * name when {@code node} is a wildcard that synthesizes it, else null; {@code qname} is the name asked
   * at this step of the chain.
   */
  private Answer answerType(AnswerBuilder answer, Zone zone, Node node, Name owner, Name qname, Query query,
      HealthView view, ZoneSignatures sigs) {
    int qtype = query.type();
    if (qtype == Type.ANY) {
      answer.markVariable(); // the answer depends on the transport
      return answerAny(answer, zone, node, owner, qname, query.fullAny(), view, sigs);
    }
    ZoneSignatures signed = zone.signatures();
    if (signed != null && signed.addsAtApex(qtype) && owner == null && node.equals(zone.apex())) {
      // DNSKEY, CDS, CDNSKEY, NSEC3PARAM of a signed zone come from its keys and chain, DO or not.
      Signed.addApexSet(answer.answer, signed, sigs, qtype);
      return answer.positive();
    }
    if (signed != null && owner == null && (qtype == Type.NSEC || qtype == Type.RRSIG)) {
      // The records signing made at the name, asked for by type (RFC 4035 §3.1.5 for RRSIG): what the
      // chain's bitmap says the name has.
      List<Record> made = qtype == Type.NSEC ? signed.nsecAt(node.name()) : signaturesAt(zone, node, signed);
      if (made.isEmpty()) {
        return noData(answer, zone, false, qname, sigs);
      }
      for (Record r : made) {
        if (qtype == Type.RRSIG || sigs != null || r.getType() == Type.NSEC) {
          answer.answer.add(r);
        }
      }
      return answer.positive();
    }
    if ((qtype == Type.A || qtype == Type.AAAA) && node.hasAlias()) {
      WeightedName weighted = node.alias(qtype);
      if (weighted == null) {
        return noData(answer, zone, owner != null, qname, sigs);
      }
      answer.markVariable();
      AddressGroup group = weighted.pick(random, view);
      answer.picked(new Pick(weighted, group));
      Signed.addGroup(answer.answer, weighted, group, random, owner != null ? owner : node.name(), owner, view,
          sigs);
      wildcardProof(answer, owner, qname, sigs);
      return answer.positive();
    }
    RecordSet set = node.get(qtype);
    if (set == null || (signed != null && Signed.madeBySigning(qtype))) {
      return noData(answer, zone, owner != null, qname, sigs);
    }
    addSet(answer, set, owner, view, sigs);
    wildcardProof(answer, owner, qname, sigs);
    additional.addFor(answer, zone, set, view, sigs);
    return answer.positive();
  }

  /** Every RRSIG at {@code node}: of its RRsets, its weighted groups, the apex's key sets, its NSEC. */
  private static List<Record> signaturesAt(Zone zone, Node node, ZoneSignatures signed) {
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < node.setCount(); i++) {
      out.addAll(signed.ofSet(node.set(i).index()));
    }
    for (int type : ADDRESS_TYPES) {
      WeightedName weighted = node.alias(type);
      if (weighted != null) {
        for (AddressGroup group : weighted.leaves()) {
          out.addAll(signed.ofGroup(weighted, group));
        }
      }
    }
    if (node.equals(zone.apex())) {
      for (int type : Signed.APEX_TYPES) {
        out.addAll(signed.ofApexSet(type));
      }
    }
    for (Record r : signed.nsecAt(node.name())) {
      if (r.getType() == Type.RRSIG) {
        out.add(r);
      }
    }
    return out;
  }

  /** RFC 8482 §4.1: over UDP one RRset is enough; over TCP the whole node. */
  private Answer answerAny(AnswerBuilder answer, Zone zone, Node node, Name owner, Name qname, boolean full,
      HealthView view, ZoneSignatures sigs) {
    int before = answer.answer.size();
    ZoneSignatures signed = zone.signatures();
    for (int i = 0; i < node.setCount() && (full || answer.answer.size() == before); i++) {
      RecordSet set = node.set(i);
      if (signed == null || !Signed.madeBySigning(set.type())) {
        addSet(answer, set, owner, view, sigs);
      }
    }
    if ((full || answer.answer.size() == before) && node.hasAlias()) {
      for (int type : ADDRESS_TYPES) {
        WeightedName weighted = node.alias(type);
        if (weighted != null && (full || answer.answer.size() == before)) {
          Signed.addGroup(answer.answer, weighted, weighted.pick(random, view), random,
              owner != null ? owner : node.name(), owner, view, sigs);
        }
      }
    }
    if (full && signed != null && owner == null && node.equals(zone.apex())) {
      for (int type : Signed.APEX_TYPES) {
        Signed.addApexSet(answer.answer, signed, sigs, type);
      }
    }
    if (answer.answer.size() == before) {
      return noData(answer, zone, owner != null, qname, sigs);
    }
    wildcardProof(answer, owner, qname, sigs);
    return answer.positive();
  }

  /**
   * A referral (RFC 1034 §4.3.2 step 3b): the cut's NS set in authority, glue in additional. Only
   * the first step of an answer is non-authoritative; a CNAME chain into a cut keeps AA. With DNSSEC,
   * the signed DS set, or the proof that there is none (RFC 4035 §3.1.4).
   */
  private Answer referral(AnswerBuilder answer, Zone zone, Node cut, HealthView view, ZoneSignatures sigs) {
    RecordSet ns = cut.get(Type.NS);
    ns.addTo(answer.authority);
    if (sigs != null) {
      RecordSet ds = cut.get(Type.DS);
      if (ds != null) {
        Signed.addSet(answer.authority, ds, null, view, sigs);
      } else {
        answer.authority.addAll(sigs.insecureDelegation(cut.name()));
      }
    }
    additional.addGlue(answer, zone, cut, ns, view, sigs);
    return answer.referral();
  }

  /**
   * RFC 6672 §3.1: the DNAME (with its RRSIGs), then a CNAME from the query name to its substitution,
   * unsigned (RFC 6672 §5.3.1: validators synthesize it from the DNAME); null if too long.
   */
  private static Name synthesizeFromDname(AnswerBuilder answer, Node owner, Name qname, ZoneSignatures sigs) {
    RecordSet set = owner.dname();
    DNAMERecord dname = (DNAMERecord) set.first();
    Signed.addSet(answer.answer, set, null, HealthView.ALL_UP, sigs);
    Name target;
    try {
      target = qname.fromDNAME(dname);
    } catch (NameTooLongException e) {
      return null; // RFC 6672 §2.2: YXDOMAIN
    }
    answer.answer.add(new CNAMERecord(qname, DClass.IN, dname.getTTL(), target));
    return target;
  }

  /** NODATA: the SOA, and with DNSSEC the proof from the chain (RFC 4035 §3.1.3.1 and §3.1.3.4). */
  private static Answer noData(AnswerBuilder answer, Zone zone, boolean wildcard, Name qname, ZoneSignatures sigs) {
    negativeSoa(answer, zone, sigs);
    if (sigs != null) {
      answer.authority.addAll(wildcard ? sigs.wildcardNoData(qname) : sigs.noData(qname));
    }
    return answer.noData();
  }

  private static void negativeSoa(AnswerBuilder answer, Zone zone, ZoneSignatures sigs) {
    answer.authority.add(zone.negativeSoa());
    if (sigs != null) {
      answer.authority.addAll(sigs.ofNegativeSoa());
    }
  }

  /** RFC 4035 §3.1.3.3: an answer synthesized from a wildcard proves that no closer name matched. */
  private static void wildcardProof(AnswerBuilder answer, Name owner, Name qname, ZoneSignatures sigs) {
    if (owner != null && sigs != null) {
      answer.authority.addAll(sigs.wildcardAnswer(qname));
    }
  }

  private static void addSet(AnswerBuilder answer, RecordSet set, Name owner, HealthView view, ZoneSignatures sigs) {
    if (set.checked()) {
      answer.markVariable();
    }
    Signed.addSet(answer.answer, set, owner, view, sigs);
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

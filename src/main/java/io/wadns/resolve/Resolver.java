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
      NameLookup found = zone.lookup(qname);
      if (hop == 0 && (found instanceof NameLookup.Exact
          || found instanceof NameLookup.Cut cutAtName && cutAtName.atCut())) {
        answer.markExistingName();
      }
      Name next;
      if (found instanceof NameLookup.Cut cut) {
        if (cut.atCut() && qtype == Type.DS) {
          return answerType(answer, zone, cut.cut(), null, query, view);
        }
        return referral(answer, zone, cut.cut(), view);
      } else if (found instanceof NameLookup.NameError) {
        answer.authority.add(zone.negativeSoa());
        return answer.nameError();
      } else if (found instanceof NameLookup.Dname d) {
        next = synthesizeFromDname(answer, d.owner(), qname);
        if (next == null) {
          return answer.nameTooLong();
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
          return answerType(answer, zone, node, owner, query, view);
        }
        addSet(answer, cname, owner, view);
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
   * query): the group's addresses with health and {@code max=} applied, as {@link #resolve} would give.
   */
  public Answer answerWith(Pick pick, HealthView view) {
    List<Record> records = new ArrayList<>(pick.group().size());
    pick.group().addTo(records, random, pick.name().owner(), view);
    return Answer.of(records, pick);
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

  /** The data of {@code node} for the query type, or NODATA (RFC 2308 §2.2). */
  private Answer answerType(AnswerBuilder answer, Zone zone, Node node, Name owner, Query query,
      HealthView view) {
    int qtype = query.type();
    if (qtype == Type.ANY) {
      answer.markVariable(); // the answer depends on the transport
      return answerAny(answer, zone, node, owner, query.fullAny(), view);
    }
    if ((qtype == Type.A || qtype == Type.AAAA) && node.hasAlias()) {
      WeightedName weighted = node.alias(qtype);
      if (weighted == null) {
        return noData(answer, zone);
      }
      answer.markVariable();
      AddressGroup group = weighted.pick(random, view);
      answer.picked(new Pick(weighted, group));
      group.addTo(answer.answer, random, owner != null ? owner : node.name(), view);
      return answer.positive();
    }
    RecordSet set = node.get(qtype);
    if (set == null) {
      return noData(answer, zone);
    }
    addSet(answer, set, owner, view);
    additional.addFor(answer, zone, set, view);
    return answer.positive();
  }

  /** RFC 8482 §4.1: over UDP one RRset is enough; over TCP the whole node. */
  private Answer answerAny(AnswerBuilder answer, Zone zone, Node node, Name owner, boolean full,
      HealthView view) {
    int before = answer.answer.size();
    int count = full ? node.setCount() : Math.min(1, node.setCount());
    for (int i = 0; i < count; i++) {
      addSet(answer, node.set(i), owner, view);
    }
    if ((full || count == 0) && node.hasAlias()) {
      for (int type : ADDRESS_TYPES) {
        WeightedName weighted = node.alias(type);
        if (weighted != null && (full || answer.answer.size() == before)) {
          weighted.pick(random, view).addTo(answer.answer, random, owner != null ? owner : node.name(), view);
        }
      }
    }
    return answer.answer.size() == before ? noData(answer, zone) : answer.positive();
  }

  /**
   * A referral (RFC 1034 §4.3.2 step 3b): the cut's NS set in authority, glue in additional. Only
   * the first step of an answer is non-authoritative; a CNAME chain into a cut keeps AA.
   */
  private Answer referral(AnswerBuilder answer, Zone zone, Node cut, HealthView view) {
    RecordSet ns = cut.get(Type.NS);
    ns.addTo(answer.authority);
    additional.addGlue(answer, zone, cut, ns, view);
    return answer.referral();
  }

  /** RFC 6672 §3.1: the DNAME, then a CNAME from the query name to its substitution; null if too long. */
  private static Name synthesizeFromDname(AnswerBuilder answer, Node owner, Name qname) {
    DNAMERecord dname = (DNAMERecord) owner.dname().first();
    answer.answer.add(dname);
    Name target;
    try {
      target = qname.fromDNAME(dname);
    } catch (NameTooLongException e) {
      return null; // RFC 6672 §2.2: YXDOMAIN
    }
    answer.answer.add(new CNAMERecord(qname, DClass.IN, dname.getTTL(), target));
    return target;
  }

  private static Answer noData(AnswerBuilder answer, Zone zone) {
    answer.authority.add(zone.negativeSoa());
    return answer.noData();
  }

  private static void addSet(AnswerBuilder answer, RecordSet set, Name owner, HealthView view) {
    if (set.checked()) {
      answer.markVariable();
    }
    set.addTo(answer.answer, owner, view);
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

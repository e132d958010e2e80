package io.wadns.dnssec;

import io.wadns.health.HealthView;
import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.WeightedName;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.CDNSKEYRecord;
import org.xbill.DNS.CDSRecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Signs one zone version with its keys, before the version is published (RFC 4035 §2): every
 * authoritative RRset, every RRset a weighted name can answer with (each group's whole address set
 * under the alias owner, for A and for AAAA), the apex's DNSKEY, CDS and CDNSKEY sets (RFC 7344), and
 * the NSEC or NSEC3 chain. The work is spread over every core; a query never signs.
 *
 * <p>What is left unsigned, as RFC 4035 §2.2 asks: the NS set at a delegation and everything below a
 * cut (glue), names below a DNAME (occluded, RFC 6672 §2.4), and the zone file's own DNSSEC records
 * (RRSIG, NSEC, NSEC3, NSEC3PARAM are made here, DNSKEY, CDS and CDNSKEY come from the keys).
 */
public final class ZoneSigner {
  private ZoneSigner() {}

  /** The types a zone file may hold but a signed zone makes itself; never signed or chained from the file. */
  private static final Set<Integer> MADE_HERE =
      Set.of(Type.RRSIG, Type.NSEC, Type.NSEC3, Type.NSEC3PARAM, Type.DNSKEY, Type.CDS, Type.CDNSKEY);

  /**
   * {@code zone} with its signatures, made at {@code now} with the keys active then.
   *
   * @throws IllegalArgumentException when no key of {@code keys} is active at {@code now}, or a key is
   *     not of this zone
   */
  public static Zone sign(Zone zone, ZoneKeys keys, SigningPolicy policy, Instant now) {
    if (!keys.zone().equals(zone.origin())) {
      throw new IllegalArgumentException("the keys of " + keys.zone() + " cannot sign " + zone.origin());
    }
    if (keys.signersAt(Type.SOA, now).isEmpty()) {
      throw new IllegalArgumentException("no key of " + zone.origin() + " is active at " + now);
    }
    Zone signed = zone.unsigned().withSignatures(new Run(zone, keys, policy, now).sign());
    signed.signatures().prepare(signed, HealthView.ALL_UP); // the windows of max= groups
    return signed;
  }

  /**
   * One signing of one zone version: the zone's RRsets gathered and signed in parallel, then the apex key
   * sets and the chain, built meanwhile, signed likewise.
   */
  private static final class Run {
    private final Zone zone;
    private final ZoneData data;
    private final ZoneKeys keys;
    private final Instant now;
    private final Instant inception;
    private final Instant expiration;
    private final SigningPolicy policy;
    /** Node {@code n} holds authoritative data: not below a cut nor below a DNAME. */
    private final boolean[] authoritative;
    /** RRsets queued for the next batch, the batches started so far, and their RRSIGs once finished. */
    private List<List<Record>> pending = new ArrayList<>();
    private int signings;
    private final List<Record[][]> signed = new ArrayList<>();
    private final List<Runnable> placements = new ArrayList<>();

    Run(Zone zone, ZoneKeys keys, SigningPolicy policy, Instant now) {
      this.zone = zone;
      this.data = zone.data();
      this.keys = keys;
      this.policy = policy;
      this.now = now;
      this.inception = now.minus(policy.inceptionBack());
      this.expiration = now.plus(policy.validity());
      this.authoritative = authoritativeNodes(data, zone.origin());
    }

    SignedRecords sign() {
      Record[][] bySet = new Record[data.setCount()][];
      Map<Integer, Integer> checkedSetNodes = new HashMap<>();
      for (int n = 0; n < data.nodeCount(); n++) {
        if (!authoritative[n]) {
          continue;
        }
        Name owner = data.name(n);
        for (int s = data.setsStart(n); s < data.setsEnd(n); s++) {
          int type = data.setType(s);
          if (MADE_HERE.contains(type) || (data.isCut(n) && type != Type.DS)) {
            continue; // RFC 4035 §2.2: the NS set at a cut is the child's, not signed here
          }
          if (zone.healthKeysBySet().containsKey(s)) {
            checkedSetNodes.put(s, n);
          }
          int set = s;
          add(data.records(n, type, owner), sigs -> bySet[set] = sigs);
        }
      }
      IdentityHashMap<WeightedName, Record[][]> byGroup = new IdentityHashMap<>();
      zone.aliasesByNode().forEach((node, both) -> {
        if (!authoritative[node]) {
          return;
        }
        for (WeightedName weighted : both) {
          if (weighted == null) {
            continue;
          }
          List<AddressGroup> leaves = weighted.leaves();
          Record[][] sigsOfLeaves = new Record[leaves.size()][];
          byGroup.put(weighted, sigsOfLeaves);
          for (int leaf = 0; leaf < leaves.size(); leaf++) {
            int i = leaf;
            add(groupRrset(weighted, leaves.get(leaf)), sigs -> sigsOfLeaves[i] = sigs);
          }
        }
      });
      // The pool signs the zone's RRsets while this thread builds the chain, whose records come next.
      ParallelSigning zoneSets = startPending();
      ParallelSigning chainSets = null;
      Map<Integer, List<Record>> apexSets = apexSets();
      Map<Integer, List<Record>> apexSignatures = new HashMap<>();
      Map<Name, List<Record>> chainSignatures = new HashMap<>();
      DenialChain chain;
      try {
        chain = chain(apexSets.keySet());
        if (chain instanceof Nsec3Chain nsec3) {
          apexSets.put(Type.NSEC3PARAM, List.of(nsec3.nsec3param()));
        }
        apexSets.forEach((type, rrset) -> add(rrset, sigs -> apexSignatures.put(type, List.of(sigs))));
        for (Record r : chain.records()) {
          add(List.of(r), sigs -> chainSignatures.put(r.getName(), List.of(sigs)));
        }
        chainSets = startPending();
        signed.add(zoneSets.finish());
        signed.add(chainSets.finish());
      } finally {
        // After a failure (a chain that cannot be built, a signer that throws) the pool takes no more work.
        zoneSets.stop();
        if (chainSets != null) {
          chainSets.stop();
        }
      }
      placements.forEach(Runnable::run);
      long earliest = Long.MAX_VALUE;
      int count = 0;
      for (Record[][] batch : signed) {
        for (Record[] sigs : batch) {
          for (Record sig : sigs) {
            earliest = Math.min(earliest, ((RRSIGRecord) sig).getExpire().getEpochSecond());
            count++;
          }
        }
      }
      return new SignedRecords(bySet, byGroup, apexSets, apexSignatures, chain, chainSignatures,
          negativeSoaSignatures(bySet), earliest, count, checkedSetNodes,
          new PartSigner(keys, now, inception, expiration));
    }

    /** The SOA's RRSIGs with the negative answer's TTL, min(SOA TTL, MINIMUM) (RFC 9077 §3). */
    private List<Record> negativeSoaSignatures(Record[][] bySet) {
      long ttl = zone.negativeSoa().getTTL();
      List<Record> out = new ArrayList<>();
      for (Record r : bySet[data.setIndex(data.find(zone.origin()), Type.SOA)]) {
        out.add(SignedRecords.withTtl((RRSIGRecord) r, ttl));
      }
      return out;
    }

    /** The RRset a weighted name answers with from {@code group}: all its addresses under the alias owner. */
    private static List<Record> groupRrset(WeightedName weighted, AddressGroup group) {
      List<Record> rrset = new ArrayList<>(group.size());
      for (int i = 0; i < group.size(); i++) {
        rrset.add(group.record(i, weighted.owner()));
      }
      return rrset;
    }

    /**
     * DNSKEY: every key published now (RFC 6781 §4.1: pre-published keys included); CDS and CDNSKEY
     * (RFC 7344 §4): the active key-signing keys, which the parent's DS should name, within their
     * SyncPublish and SyncDelete times when a key has them ({@link KeyTiming#cdsAt}). All with the SOA's
     * TTL, as Knot's default {@code dnskey-ttl}: key files often carry none, and one RRset has one TTL
     * (RFC 2181 §5.2).
     */
    private Map<Integer, List<Record>> apexSets() {
      Map<Integer, List<Record>> sets = new LinkedHashMap<>();
      long ttl = zone.apex().get(Type.SOA).ttl();
      Name apex = zone.origin();
      List<Record> dnskeys = new ArrayList<>();
      for (DNSKEYRecord k : keys.dnskeysAt(now)) {
        dnskeys.add(new DNSKEYRecord(apex, DClass.IN, ttl, k.getFlags(), k.getProtocol(), k.getAlgorithm(), k.getKey()));
      }
      sets.put(Type.DNSKEY, dnskeys);
      List<Record> cds = new ArrayList<>();
      List<Record> cdnskey = new ArrayList<>();
      for (ZoneKey key : keys.keys()) {
        if (key.isSep() && key.timing().cdsAt(now)) {
          DNSKEYRecord k = key.dnskey();
          cds.add(new CDSRecord(apex, DClass.IN, ttl, DNSSEC.Digest.SHA256, k));
          cdnskey.add(new CDNSKEYRecord(apex, DClass.IN, ttl, k.getFlags(), k.getProtocol(), k.getAlgorithm(),
              k.getKey()));
        }
      }
      if (!cds.isEmpty()) {
        sets.put(Type.CDS, cds);
        sets.put(Type.CDNSKEY, cdnskey);
      }
      return sets;
    }

    /**
     * The denial chain over the authoritative names: each with the types it answers, weighted names
     * with A and AAAA as their aliases give them (never ALIAS or HEALTHCHECK, which are never served),
     * the apex with the key sets. NSEC leaves empty non-terminals out; NSEC3 needs them (RFC 5155 §7.1).
     */
    private DenialChain chain(Set<Integer> apexTypes) {
      Map<Name, List<Integer>> names = new HashMap<>();
      // The owners of an NSEC3 chain the file brought are no names once the zone is served signed.
      java.util.BitSet foreignNsec3 = data.nsec3Owners(data.find(zone.origin()));
      for (int n = 0; n < data.nodeCount(); n++) {
        if (!authoritative[n] || (foreignNsec3 != null && foreignNsec3.get(n))) {
          continue;
        }
        Set<Integer> types = new TreeSet<>();
        boolean cut = data.isCut(n);
        for (int s = data.setsStart(n); s < data.setsEnd(n); s++) {
          int type = data.setType(s);
          // RFC 4034 §4.1.2: at a delegation point only NS and DS (and NSEC, RRSIG) are the parent's.
          if (!MADE_HERE.contains(type) && (!cut || type == Type.NS || type == Type.DS)) {
            types.add(type);
          }
        }
        if (types.isEmpty() && data.setsEnd(n) > data.setsStart(n) && !policy.nsec3()) {
          // The name owns only DNSSEC records of the zone file, which signing replaces: it still exists
          // for the lookup, so the chain must hold it too, with just NSEC and RRSIG.
          types.add(Type.RRSIG);
        }
        WeightedName[] both = zone.aliasesByNode().get(n);
        if (both != null) {
          if (both[0] != null) {
            types.add(Type.A);
          }
          if (both[1] != null) {
            types.add(Type.AAAA);
          }
        }
        Name name = data.name(n);
        if (name.equals(zone.origin())) {
          types.addAll(apexTypes);
        }
        if (!types.isEmpty() || policy.nsec3()) {
          names.put(name, List.copyOf(types));
        }
      }
      long ttl = zone.negativeSoa().getTTL();
      return policy.nsec3() ? Nsec3Chain.build(zone.origin(), names, ttl) : NsecChain.build(zone.origin(), names, ttl);
    }

    /** Queues {@code rrset} for the next batch; {@code placement} gets its RRSIGs once all are signed. */
    private void add(List<Record> rrset, java.util.function.Consumer<Record[]> placement) {
      int batch = signings;
      int i = pending.size();
      pending.add(rrset);
      placements.add(() -> placement.accept(signed.get(batch)[i]));
    }

    private ParallelSigning startPending() {
      ParallelSigning signing = ParallelSigning.start(pending, keys, now, inception, expiration);
      pending = new ArrayList<>();
      signings++;
      return signing;
    }
  }

  /**
   * Which nodes hold authoritative data: every node but those strictly below a delegation cut (RFC
   * 4035 §2.2: glue) or below a DNAME owner (occluded, RFC 6672 §2.4). A node's parent is in the table
   * (empty non-terminals are nodes), so one walk up per node, remembered, settles all.
   */
  static boolean[] authoritativeNodes(ZoneData data, Name origin) {
    int nodes = data.nodeCount();
    byte[] state = new byte[nodes]; // 0 unknown, 1 authoritative, 2 not
    int apex = data.find(origin);
    int[] path = new int[130];
    for (int n = 0; n < nodes; n++) {
      int depth = 0;
      int at = n;
      while (at >= 0 && at != apex && state[at] == 0) {
        path[depth++] = at;
        at = data.parent(at);
      }
      // The state below `at`: a node is not authoritative when an ancestor (not the apex) is a cut or
      // owns a DNAME, or the ancestor itself is not.
      boolean above = at < 0 || at == apex ? at == apex : state[at] == 1;
      boolean hidesBelow = at >= 0 && at != apex && (data.isCut(at) || data.setIndex(at, Type.DNAME) >= 0);
      if (at == apex) {
        state[apex] = 1;
        hidesBelow = data.setIndex(apex, Type.DNAME) >= 0;
      }
      boolean ok = above && !hidesBelow;
      for (int i = depth - 1; i >= 0; i--) {
        int node = path[i];
        state[node] = (byte) (ok ? 1 : 2);
        if (data.isCut(node) || data.setIndex(node, Type.DNAME) >= 0) {
          ok = false; // everything below is not authoritative; the cut or DNAME owner itself is
        }
      }
    }
    boolean[] out = new boolean[nodes];
    for (int n = 0; n < nodes; n++) {
      out[n] = state[n] == 1;
    }
    return out;
  }
}

package io.wadns.dnssec;

import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.WeightedName;
import io.wadns.zone.ZoneSignatures;
import io.wadns.health.HealthView;
import io.wadns.zone.RecordSet;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;

/**
 * The signatures of one zone version as {@link ZoneSigner} made them: lookups by RRset index, by weighted
 * group, by apex type and by denial-chain owner. Immutable once made; shared by every query thread.
 */
final class SignedRecords implements ZoneSignatures {

  private final Record[][] bySet;
  private final Map<WeightedName, Record[][]> byGroup;
  private final Map<Integer, List<Record>> apexSets;
  private final Map<Integer, List<Record>> apexSignatures;
  private final DenialChain chain;
  private final Map<Name, List<Record>> chainSignatures;
  private final List<Record> negativeSoa;
  /** The node of each health-checked, signed RRset, by RRset index: its parts are signed from it. */
  private final Map<Integer, Integer> checkedSetNodes;
  private final PartSigner partSigner;
  /** Parts signed ahead ({@link #prepare}), by what they are part of and which records. */
  private final ConcurrentHashMap<PartKey, List<Record>> parts = new ConcurrentHashMap<>();
  private final long earliestExpiration;
  private final int signatureCount;

  SignedRecords(Record[][] bySet, IdentityHashMap<WeightedName, Record[][]> byGroup, Map<Integer, List<Record>> apexSets,
      Map<Integer, List<Record>> apexSignatures, DenialChain chain, Map<Name, List<Record>> chainSignatures,
      List<Record> negativeSoa, long earliestExpiration, int signatureCount, Map<Integer, Integer> checkedSetNodes,
      PartSigner partSigner) {
    this.checkedSetNodes = Map.copyOf(checkedSetNodes);
    this.partSigner = partSigner;
    this.negativeSoa = List.copyOf(negativeSoa);
    this.bySet = bySet;
    this.byGroup = byGroup;
    this.apexSets = Map.copyOf(apexSets);
    this.apexSignatures = Map.copyOf(apexSignatures);
    this.chain = chain;
    this.chainSignatures = chainSignatures;
    this.earliestExpiration = earliestExpiration;
    this.signatureCount = signatureCount;
  }

  @Override
  public List<Record> ofSet(int set) {
    Record[] sigs = set < bySet.length ? bySet[set] : null;
    return sigs == null ? List.of() : List.of(sigs);
  }

  @Override
  public List<Record> ofGroup(WeightedName name, AddressGroup group) {
    Record[][] leaves = byGroup.get(name);
    if (leaves == null) {
      return List.of();
    }
    Record[] sigs = leaves[name.leafIndex(group)];
    return sigs == null ? List.of() : List.of(sigs);
  }

  /**
   * At most this many parts are signed for one view: health flapping through the combinations of a very
   * large group must not grow the work without bound. Answers whose part is not signed serve the whole
   * group, which validates.
   */
  static final int MAX_PARTS = 100_000;

  /** The parts the previous view needed: kept with the current view's, so a view and the next both answer. */
  private Set<PartKey> previousView = Set.of();

  /** What a part belongs to (a weighted name's group, or an RRset by index) and its records' indices. */
  private record PartKey(Object name, Object of, List<Integer> indices) {
    static PartKey of(Object name, Object of, int[] served) {
      List<Integer> list = new ArrayList<>(served.length);
      for (int i : served) {
        list.add(i);
      }
      return new PartKey(name, of, list);
    }
  }

  @Override
  public List<Record> ofGroupPart(WeightedName name, AddressGroup group, int[] served) {
    return parts.get(PartKey.of(new Identity(name), new Identity(group), served));
  }

  @Override
  public List<Record> ofSetPart(int set, int[] served) {
    return parts.get(PartKey.of(set, set, served));
  }

  /**
   * Signs the parts {@code view} serves that are not signed yet, then forgets the parts neither this
   * view nor the one before needs: memory follows the groups' sizes, not the history of health.
   * Serialized: the health registry and zone loads may call it at once.
   */
  @Override
  public synchronized void prepare(Zone zone, HealthView view) {
    Set<PartKey> needed = new HashSet<>();
    byGroup.forEach((weighted, leaves) -> {
      for (AddressGroup group : weighted.leaves()) {
        for (int[] served : group.servedSets(view)) {
          if (served.length == group.size()) {
            continue; // the whole group: signed with the version
          }
          need(needed, PartKey.of(new Identity(weighted), new Identity(group), served), () -> {
            List<Record> rrset = new ArrayList<>(served.length);
            group.addIndices(rrset, served, weighted.owner());
            return rrset;
          });
        }
      }
    });
    ZoneData data = zone.data();
    checkedSetNodes.forEach((set, node) -> {
      RecordSet records = zone.node(data.name(node)).get(data.setType(set));
      int[] served = records == null ? null : records.servedPart(view);
      if (served != null) {
        need(needed, PartKey.of(set, set, served), () -> {
          List<Record> all = records.records();
          List<Record> rrset = new ArrayList<>(served.length);
          for (int i : served) {
            rrset.add(all.get(i));
          }
          return rrset;
        });
      }
    });
    Set<PartKey> keep = new HashSet<>(needed);
    keep.addAll(previousView);
    parts.keySet().retainAll(keep);
    previousView = needed;
  }

  /** Counts {@code key} as needed by this view and signs its RRset if it is not signed yet (up to the cap). */
  private void need(Set<PartKey> needed, PartKey key, java.util.function.Supplier<List<Record>> rrset) {
    if (needed.size() < MAX_PARTS && needed.add(key) && !parts.containsKey(key)) {
      parts.putIfAbsent(key, List.of(partSigner.sign(rrset.get())));
    }
  }

  /** Parts kept now, for tests of the eviction. */
  int partCount() {
    return parts.size();
  }

  /** Identity, not equality: two groups with the same addresses are still two groups. */
  private record Identity(Object of) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Identity other && other.of == of;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(of);
    }
  }

  @Override
  public List<Record> apexSet(int type) {
    return apexSets.getOrDefault(type, List.of());
  }

  @Override
  public List<Record> ofApexSet(int type) {
    return apexSignatures.getOrDefault(type, List.of());
  }

  @Override
  public boolean addsAtApex(int type) {
    return apexSets.containsKey(type);
  }

  @Override
  public List<Record> nsecAt(Name name) {
    if (!(chain instanceof NsecChain nsec)) {
      return List.of();
    }
    Record at = nsec.at(name);
    return at == null ? List.of() : withSignatures(List.of(at));
  }

  @Override
  public List<Record> nameError(Name qname) {
    return withSignatures(chain.nxdomain(qname));
  }

  @Override
  public List<Record> noData(Name qname) {
    return withSignatures(chain.nodata(qname));
  }

  @Override
  public List<Record> wildcardAnswer(Name qname) {
    return withSignatures(chain.wildcardAnswer(qname));
  }

  @Override
  public List<Record> wildcardNoData(Name qname) {
    return withSignatures(chain.wildcardNodata(qname));
  }

  @Override
  public List<Record> insecureDelegation(Name cut) {
    return withSignatures(chain.insecureDelegation(cut));
  }

  @Override
  public List<Record> ofNegativeSoa() {
    return negativeSoa;
  }

  @Override
  public long earliestExpiration() {
    return earliestExpiration;
  }

  /** Signatures made for this version, for /metrics. */
  int signatureCount() {
    return signatureCount;
  }

  /** The denial chain, for tests and zone transfer. */
  DenialChain chain() {
    return chain;
  }

  /**
   * {@code sig} served with {@code ttl}: the TTL of an RRSIG follows the RRset it covers (RFC 4034
   * §3), while validators rebuild the signed data from its Original TTL field, which stays.
   */
  static RRSIGRecord withTtl(RRSIGRecord sig, long ttl) {
    return new RRSIGRecord(sig.getName(), sig.getDClass(), ttl, sig.getTypeCovered(), sig.getAlgorithm(),
        sig.getOrigTTL(), sig.getExpire(), sig.getTimeSigned(), sig.getFootprint(), sig.getSigner(),
        sig.getSignature());
  }

  /** Each chain record followed by its RRSIGs (RFC 4035 §3.1.3: the NSEC RRs and their signatures). */
  private List<Record> withSignatures(List<Record> proof) {
    List<Record> out = new ArrayList<>(proof.size() * 2);
    for (Record r : proof) {
      out.add(r);
      out.addAll(chainSignatures.getOrDefault(r.getName(), List.of()));
    }
    return out;
  }

}

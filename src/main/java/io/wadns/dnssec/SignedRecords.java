package io.wadns.dnssec;

import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.WeightedName;
import io.wadns.zone.ZoneSignatures;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
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
  private final long earliestExpiration;
  private final int signatureCount;

  SignedRecords(Record[][] bySet, IdentityHashMap<WeightedName, Record[][]> byGroup, Map<Integer, List<Record>> apexSets,
      Map<Integer, List<Record>> apexSignatures, DenialChain chain, Map<Name, List<Record>> chainSignatures,
      List<Record> negativeSoa, long earliestExpiration, int signatureCount) {
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

package io.wadns.dnssec;

import static io.wadns.dnssec.NsecChainTest.n;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The NSEC3 chain (RFC 9276 parameters) and the proofs of RFC 5155 §7.2: on RFC 4035 Appendix A's
 * names, then over random zones and names against {@link DenialRules}.
 */
class Nsec3ChainTest {
  static final Name APEX = NsecChainTest.APEX;
  static final Map<Name, Set<Integer>> NAMES = withEmptyNonTerminals();

  static Map<Name, Set<Integer>> withEmptyNonTerminals() {
    Map<Name, Set<Integer>> names = new HashMap<>(NsecChainTest.APPENDIX_A);
    names.put(n("w.example."), Set.of());
    names.put(n("y.w.example."), Set.of());
    return names;
  }

  static final Nsec3Chain CHAIN = Nsec3Chain.build(APEX, NAMES, 3600);

  @Test
  void chainHasOneRecordPerNameInHashOrderWithRfc9276Parameters() {
    List<NSEC3Record> chain = CHAIN.records();
    assertThat(chain).hasSize(NAMES.size());
    for (int i = 0; i < chain.size(); i++) {
      NSEC3Record r = chain.get(i);
      assertThat(r.getHashAlgorithm()).isEqualTo(1);
      assertThat(r.getFlags()).as("opt-out off").isZero();
      assertThat(r.getIterations()).isZero();
      assertThat(r.getSalt()).isNullOrEmpty();
      assertThat(r.getTTL()).isEqualTo(3600);
      NSEC3Record next = chain.get((i + 1) % chain.size());
      assertThat(r.getNext()).isEqualTo(DenialRules.ownerHash(next));
      if (i + 1 < chain.size()) {
        assertThat(Arrays.compareUnsigned(DenialRules.ownerHash(r), DenialRules.ownerHash(next))).isNegative();
      }
    }
    assertThat(CHAIN.nsec3param().rdataToString()).isEqualTo("1 0 0 -");
    assertThat(CHAIN.nsec3param().getName()).isEqualTo(APEX);
  }

  static NSEC3Record at(Name name) {
    return CHAIN.records().stream().filter(r -> DenialRules.nsec3Matches(r, name)).findFirst().orElseThrow();
  }

  @Test
  void bitmapsHoldTheNamesTypesWithRrsigWhereSignedAndNsec3paramAtTheApex() {
    assertThat(at(APEX).getTypes()).containsExactly(Type.NS, Type.SOA, Type.MX, Type.RRSIG, Type.DNSKEY, Type.NSEC3PARAM);
    assertThat(at(n("b.example.")).getTypes()).as("unsigned cut: NS only").containsExactly(Type.NS);
    assertThat(at(n("a.example.")).getTypes()).as("signed cut").containsExactly(Type.NS, Type.DS, Type.RRSIG);
    assertThat(at(n("y.w.example.")).getTypes()).as("empty non-terminal").isEmpty();
  }

  @Test
  void nxdomainIsTheClosestEncloserProofAndTheWildcardCover() {
    List<Record> proof = CHAIN.nxdomain(n("a.c.x.w.example."));
    // Closest encloser x.w.example., next closer c.x.w.example., wildcard *.x.w.example.
    assertThat(DenialRules.anyNsec3Matches(proof, n("x.w.example."))).isTrue();
    assertThat(DenialRules.anyNsec3Covers(proof, n("c.x.w.example."))).isTrue();
    assertThat(DenialRules.anyNsec3Covers(proof, n("*.x.w.example."))).isTrue();
    assertThat(proof).hasSizeBetween(1, 3).doesNotHaveDuplicates();
  }

  @Test
  void aLongQueryNameUnderASaltedChainGetsTheSameProofShape() {
    // 100 labels above x.w.example.: the closest encloser is found without an NSEC3 hash per ancestor
    // (the chain's name codes), and the proof still names it, the next closer and the wildcard.
    Nsec3Chain salted = Nsec3Chain.build(APEX, NAMES, 3600, Nsec3Hash.of(20, new byte[] {1, 2, 3, 4}));
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      deep.append((char) ('a' + i % 26)).append('.'); // 200 octets of labels, within a name's 255
    }
    List<Record> proof = salted.nxdomain(n(deep + "X.W.example."));
    assertThat(DenialRules.anyNsec3Matches(proof, n("x.w.example."))).isTrue();
    assertThat(DenialRules.anyNsec3Covers(proof, n("v.x.w.example."))).isTrue(); // the 100th label, next closer
    assertThat(DenialRules.anyNsec3Covers(proof, n("*.x.w.example."))).isTrue();
    assertThat(proof).hasSizeBetween(1, 3).doesNotHaveDuplicates();
  }

  @Test
  void nodataIsTheNsec3MatchingTheName() {
    assertThat(CHAIN.nodata(n("NS1.example."))).containsExactly(at(n("ns1.example.")));
    assertThat(CHAIN.nodata(n("y.w.example."))).containsExactly(at(n("y.w.example.")));
    // RFC 5155 §7.2.4: DS at a cut without opt-out is NODATA too.
    assertThat(CHAIN.nodata(n("b.example."))).containsExactly(at(n("b.example.")));
  }

  @Test
  void wildcardAnswerIsTheNsec3CoveringTheNextCloserName() {
    List<Record> proof = CHAIN.wildcardAnswer(n("a.z.w.example."));
    assertThat(proof).hasSize(1);
    assertThat(DenialRules.nsec3Covers(proof.get(0), n("z.w.example."))).isTrue();
  }

  @Test
  void wildcardNodataIsTheClosestEncloserProofAndTheNsec3AtTheWildcard() {
    List<Record> proof = CHAIN.wildcardNodata(n("a.z.w.example."));
    assertThat(DenialRules.anyNsec3Matches(proof, n("w.example."))).isTrue();
    assertThat(DenialRules.anyNsec3Covers(proof, n("z.w.example."))).isTrue();
    assertThat(proof).contains(at(n("*.w.example.")));
  }

  @Test
  void insecureDelegationIsTheNsec3MatchingTheCut() {
    assertThat(CHAIN.insecureDelegation(n("b.example."))).containsExactly(at(n("b.example.")));
    assertThatThrownBy(() -> CHAIN.insecureDelegation(n("a.example."))).hasMessageContaining("not an unsigned delegation");
  }

  @Test
  void askingForAProofThatDoesNotHoldThrows() {
    assertThatThrownBy(() -> CHAIN.nxdomain(n("ns1.example."))).hasMessageContaining("NODATA, not NXDOMAIN");
    assertThatThrownBy(() -> CHAIN.nxdomain(n("y.w.example."))).hasMessageContaining("NODATA, not NXDOMAIN");
    assertThatThrownBy(() -> CHAIN.nxdomain(n("mc.b.example."))).hasMessageContaining("below the delegation cut b.example.");
    assertThatThrownBy(() -> CHAIN.nxdomain(n("q.w.example."))).hasMessageContaining("is a wildcard answer");
    assertThatThrownBy(() -> CHAIN.nodata(n("ml.example."))).hasMessageContaining("NXDOMAIN, not NODATA");
    assertThatThrownBy(() -> CHAIN.wildcardAnswer(n("ml.example."))).hasMessageContaining("no wildcard matches");
  }

  @Test
  void buildRequiresTheEmptyNonTerminals() {
    assertThatThrownBy(() -> Nsec3Chain.build(APEX, NsecChainTest.APPENDIX_A, 60))
        .hasMessageContaining("is missing; NSEC3 needs it (RFC 5155 §7.1)");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void everyProofOverRandomZonesSatisfiesTheValidatorsRules(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, Integer> checked = new TreeMap<>();
    for (int zone = 0; zone < 200; zone++) {
      ZoneModel model = ZoneModel.random(r);
      Nsec3Chain chain = Nsec3Chain.build(model.apex(), model.nsec3Names(), 300);
      assertThat(chain.records()).hasSize(model.nsec3Names().size());
      for (Name q : model.randomQueries(r, 20)) {
        checked.merge(checkProof(model, chain, q), 1, Integer::sum);
      }
    }
    assertThat(checked).as("each kind of proof is exercised")
        .containsKeys("nxdomain", "nodata", "empty non-terminal", "wildcard", "insecure delegation")
        .allSatisfy((kind, count) -> assertThat(count).as(kind).isGreaterThan(20));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void aChainWithASaltAndIterationsHashesWithThemAndItsProofsHold(long seed) {
    // A chain signed elsewhere may have a salt and extra iterations (RFC 5155 §3.1.3, §3.1.5); the
    // validator's rules hash with the parameters in each record, through dnsjava.
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, Integer> checked = new TreeMap<>();
    for (int zone = 0; zone < 60; zone++) {
      byte[] salt = new byte[r.nextInt(0, 17)];
      for (int i = 0; i < salt.length; i++) {
        salt[i] = (byte) r.nextInt(256);
      }
      int iterations = r.nextInt(0, 11);
      ZoneModel model = ZoneModel.random(r);
      Nsec3Chain chain = Nsec3Chain.build(model.apex(), model.nsec3Names(), 300, Nsec3Hash.of(iterations, salt));
      assertThat(chain.nsec3param().getIterations()).isEqualTo(iterations);
      assertThat(chain.nsec3param().getSalt()).isEqualTo(salt.length == 0 ? null : salt);
      for (NSEC3Record rec : chain.records()) {
        assertThat(rec.getIterations()).isEqualTo(iterations);
        assertThat(Arrays.equals(rec.getSalt() == null ? new byte[0] : rec.getSalt(), salt)).isTrue();
      }
      for (Name q : model.randomQueries(r, 20)) {
        checked.merge(checkProof(model, chain, q), 1, Integer::sum);
      }
    }
    assertThat(checked).as("each kind of proof is exercised")
        .containsKeys("nxdomain", "nodata", "empty non-terminal", "wildcard", "insecure delegation");
  }

  /** Asks the chain for the proof the model says the query needs, checks it, and says which it was. */
  static String checkProof(ZoneModel m, Nsec3Chain chain, Name q) {
    String where = "zone " + m.data().keySet() + ", query " + q;
    if (m.isBelowCut(q)) {
      return "none";
    }
    if (m.isCut(q)) {
      if (m.data().get(q).contains(Type.DS)) {
        return "none";
      }
      List<Record> proof = chain.insecureDelegation(q);
      assertThat(proof).as(where).hasSize(1);
      assertThat(DenialRules.nsec3Matches(proof.get(0), q)).as(where).isTrue();
      assertThat(((NSEC3Record) proof.get(0)).hasType(Type.NS)).as(where).isTrue();
      assertThat(DenialRules.deniesType(proof.get(0), Type.DS) && DenialRules.deniesType(proof.get(0), Type.SOA)).as(where).isTrue();
      return "insecure delegation";
    }
    if (m.exists(q)) {
      List<Record> proof = chain.nodata(q);
      assertThat(proof).as(where).hasSize(1);
      assertThat(DenialRules.nsec3Matches(proof.get(0), q)).as(where).isTrue();
      assertThat(DenialRules.deniesType(proof.get(0), Type.SRV)).as(where).isTrue();
      return m.isEmptyNonTerminal(q) ? "empty non-terminal" : "nodata";
    }
    Name encloser = m.closestEncloser(q);
    Name nextCloser = DenialRules.nextCloser(q, encloser);
    Name wildcard = ZoneModel.wildcard(encloser);
    if (m.data().containsKey(wildcard)) {
      List<Record> answer = chain.wildcardAnswer(q);
      assertThat(answer).as(where).hasSize(1);
      assertThat(DenialRules.nsec3Covers(answer.get(0), nextCloser)).as(where).isTrue();
      List<Record> nodata = chain.wildcardNodata(q);
      // One NSEC3 may both match a name and cover the next hashes: one to three records.
      assertThat(nodata).as(where).hasSizeBetween(1, 3).doesNotHaveDuplicates();
      assertThat(DenialRules.anyNsec3Matches(nodata, encloser)).as(where).isTrue();
      assertThat(DenialRules.anyNsec3Covers(nodata, nextCloser)).as(where).isTrue();
      assertThat(nodata.stream().anyMatch(x -> DenialRules.nsec3Matches(x, wildcard)
          && DenialRules.deniesType(x, Type.SRV))).as(where).isTrue();
      return "wildcard";
    }
    List<Record> proof = chain.nxdomain(q);
    assertThat(proof).as(where).hasSizeBetween(1, 3).doesNotHaveDuplicates();
    assertThat(DenialRules.anyNsec3Matches(proof, encloser)).as(where + ": matches " + encloser).isTrue();
    assertThat(DenialRules.anyNsec3Covers(proof, nextCloser)).as(where + ": covers " + nextCloser).isTrue();
    assertThat(DenialRules.anyNsec3Covers(proof, wildcard)).as(where + ": covers " + wildcard).isTrue();
    return "nxdomain";
  }
}

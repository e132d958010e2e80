package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The NSEC chain and its proofs: on the zone of RFC 4035 Appendix A, proof by proof, then over random
 * zones and names against {@link DenialRules}, which a validator would apply.
 */
class NsecChainTest {
  static final Name APEX = n("example.");

  static Name n(String s) {
    return Name.fromConstantString(s);
  }

  /** RFC 4035 Appendix A's names: a signed delegation (a), an unsigned one (b), a wildcard below w. */
  static final Map<Name, Set<Integer>> APPENDIX_A = Map.of(
      APEX, Set.of(Type.SOA, Type.NS, Type.MX, Type.DNSKEY),
      n("a.example."), Set.of(Type.NS, Type.DS),
      n("ai.example."), Set.of(Type.A, Type.HINFO, Type.AAAA),
      n("b.example."), Set.of(Type.NS),
      n("ns1.example."), Set.of(Type.A),
      n("ns2.example."), Set.of(Type.A),
      n("*.w.example."), Set.of(Type.MX),
      n("x.w.example."), Set.of(Type.MX),
      n("x.y.w.example."), Set.of(Type.MX),
      n("xx.example."), Set.of(Type.A, Type.AAAA));

  static final NsecChain CHAIN = NsecChain.build(APEX, APPENDIX_A, 3600);

  static List<String> owners(List<? extends Record> records) {
    return records.stream().map(r -> r.getName().toString()).toList();
  }

  @Test
  void chainIsInCanonicalOrderAndTheLastPointsBackToTheApex() {
    List<NSECRecord> chain = CHAIN.records();
    assertThat(owners(chain)).containsExactly("example.", "a.example.", "ai.example.", "b.example.",
        "ns1.example.", "ns2.example.", "*.w.example.", "x.w.example.", "x.y.w.example.", "xx.example.");
    for (int i = 0; i + 1 < chain.size(); i++) {
      assertThat(chain.get(i).getNext()).isEqualTo(chain.get(i + 1).getName());
    }
    assertThat(chain.get(chain.size() - 1).getNext()).isEqualTo(APEX);
    // RFC 4034 §4.1.2: the bitmap adds NSEC and RRSIG; RFC 4034 Appendix A's rdata for ai.example.
    assertThat(chain.get(2).rdataToString()).isEqualTo("b.example. A HINFO AAAA RRSIG NSEC");
    assertThat(chain.get(0).getTTL()).isEqualTo(3600);
  }

  @Test
  void nxdomainIsTheNsecCoveringTheNameAndTheOneCoveringTheWildcard() {
    // RFC 4035 Appendix B.2: ml.example. is covered by b.example., *.example. by example.
    assertThat(owners(CHAIN.nxdomain(n("ml.example.")))).containsExactly("b.example.", "example.");
  }

  @Test
  void nxdomainGivesOneRecordWhenOneNsecCoversBoth() {
    // a.b.c.ai.example. and *.ai.example. both fall between ai.example. and b.example.
    assertThat(owners(CHAIN.nxdomain(n("q.ai.example.")))).containsExactly("ai.example.");
  }

  @Test
  void nodataIsTheNsecAtTheName() {
    // RFC 4035 Appendix B.3
    assertThat(owners(CHAIN.nodata(n("ns1.example.")))).containsExactly("ns1.example.");
  }

  @Test
  void nodataAtAnEmptyNonTerminalIsTheNsecCoveringIt() {
    // y.w.example. owns nothing but x.y.w.example. lies below it (RFC 4035 Appendix B.3 for ENTs).
    assertThat(owners(CHAIN.nodata(n("y.w.example.")))).containsExactly("x.w.example.");
  }

  @Test
  void wildcardAnswerIsTheNsecCoveringTheQueryName() {
    // RFC 4035 Appendix B.6: a.z.w.example. is covered by x.y.w.example.
    assertThat(owners(CHAIN.wildcardAnswer(n("a.z.w.example.")))).containsExactly("x.y.w.example.");
  }

  @Test
  void wildcardNodataAddsTheNsecAtTheWildcard() {
    // RFC 4035 Appendix B.7
    assertThat(owners(CHAIN.wildcardNodata(n("a.z.w.example.")))).containsExactly("x.y.w.example.", "*.w.example.");
  }

  @Test
  void insecureDelegationIsTheNsecAtTheCut() {
    // RFC 4035 Appendix B.5 (the NSEC at b.example. shows NS and no DS)
    assertThat(owners(CHAIN.insecureDelegation(n("b.example.")))).containsExactly("b.example.");
    assertThatThrownBy(() -> CHAIN.insecureDelegation(n("a.example."))).hasMessageContaining("not an unsigned delegation");
  }

  @Test
  void askingForAProofThatDoesNotHoldThrows() {
    assertThatThrownBy(() -> CHAIN.nxdomain(n("ns1.example."))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CHAIN.nxdomain(n("y.w.example."))).hasMessageContaining("NODATA, not NXDOMAIN");
    assertThatThrownBy(() -> CHAIN.nxdomain(n("mc.b.example."))).hasMessageContaining("below the delegation cut b.example.");
    assertThatThrownBy(() -> CHAIN.nodata(n("ml.example."))).hasMessageContaining("NXDOMAIN, not NODATA");
    assertThatThrownBy(() -> CHAIN.wildcardAnswer(n("x.w.example."))).hasMessageContaining("exists");
    assertThatThrownBy(() -> CHAIN.wildcardNodata(n("ml.example."))).hasMessageContaining("no wildcard matches");
    assertThatThrownBy(() -> CHAIN.nxdomain(n("www.example.net."))).hasMessageContaining("not in the zone");
  }

  @Test
  void buildRefusesNamesItCannotChain() {
    assertThatThrownBy(() -> NsecChain.build(APEX, Map.of(n("a.example."), Set.of(Type.A)), 60))
        .hasMessageContaining("the apex example. is not among the names");
    assertThatThrownBy(() -> NsecChain.build(APEX, Map.of(APEX, Set.of(Type.SOA), n("w.example."), Set.of()), 60))
        .hasMessageContaining("NSEC leaves out empty non-terminals");
    assertThatThrownBy(() -> NsecChain.build(APEX, Map.of(APEX, Set.of(Type.SOA), n("b.example."), Set.of(Type.NS),
        n("ns.b.example."), Set.of(Type.A)), 60)).hasMessageContaining("ns.b.example. lies below the delegation cut b.example.");
    assertThatThrownBy(() -> NsecChain.build(APEX, Map.of(APEX, Set.of(Type.SOA), n("example.net."), Set.of(Type.A)), 60))
        .hasMessageContaining("not in the zone");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void everyProofOverRandomZonesSatisfiesTheValidatorsRules(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, Integer> checked = new java.util.TreeMap<>();
    for (int zone = 0; zone < 200; zone++) {
      ZoneModel model = ZoneModel.random(r);
      NsecChain chain = NsecChain.build(model.apex(), model.nsecNames(), 300);
      for (Name q : model.randomQueries(r, 20)) {
        checked.merge(checkProof(model, chain, q), 1, Integer::sum);
      }
    }
    assertThat(checked).as("each kind of proof is exercised")
        .containsKeys("nxdomain", "nodata", "empty non-terminal", "wildcard", "insecure delegation")
        .allSatisfy((kind, count) -> assertThat(count).as(kind).isGreaterThan(20));
  }

  /** Asks the chain for the proof the model says the query needs, checks it, and says which it was. */
  static String checkProof(ZoneModel m, NsecChain chain, Name q) {
    String where = "zone " + m.data().keySet() + ", query " + q;
    Name apex = m.apex();
    if (m.isBelowCut(q)) {
      return "none";
    }
    if (m.isCut(q)) {
      if (m.data().get(q).contains(Type.DS)) {
        return "none";
      }
      List<Record> proof = chain.insecureDelegation(q);
      assertThat(proof).as(where).hasSize(1);
      assertThat(DenialRules.nsecMatches(proof.get(0), q)).as(where).isTrue();
      assertThat(((NSECRecord) proof.get(0)).hasType(Type.NS)).as(where).isTrue();
      assertThat(DenialRules.deniesType(proof.get(0), Type.DS) && DenialRules.deniesType(proof.get(0), Type.SOA)).as(where).isTrue();
      return "insecure delegation";
    }
    if (m.data().containsKey(q)) {
      List<Record> proof = chain.nodata(q);
      assertThat(proof).as(where).hasSize(1);
      assertThat(DenialRules.nsecMatches(proof.get(0), q)).as(where).isTrue();
      assertThat(DenialRules.deniesType(proof.get(0), Type.SRV)).as(where).isTrue();
      return "nodata";
    }
    if (m.isEmptyNonTerminal(q)) {
      List<Record> proof = chain.nodata(q);
      assertThat(proof).as(where).hasSize(1);
      // RFC 4035 §5.4: the NSEC covers the name and its next name is below it, so the name exists empty.
      assertThat(DenialRules.nsecCovers(proof.get(0), q, apex)).as(where).isTrue();
      assertThat(((NSECRecord) proof.get(0)).getNext().subdomain(q)).as(where).isTrue();
      return "empty non-terminal";
    }
    Name encloser = m.closestEncloser(q);
    Name wildcard = ZoneModel.wildcard(encloser);
    if (m.data().containsKey(wildcard)) {
      List<Record> answer = chain.wildcardAnswer(q);
      assertThat(answer).as(where).hasSize(1);
      assertThat(DenialRules.nsecCovers(answer.get(0), q, apex)).as(where).isTrue();
      List<Record> nodata = chain.wildcardNodata(q);
      assertThat(nodata).as(where).hasSizeBetween(1, 2);
      assertThat(DenialRules.anyNsecCovers(nodata, q, apex)).as(where).isTrue();
      assertThat(nodata.stream().anyMatch(x -> DenialRules.nsecMatches(x, wildcard)
          && DenialRules.deniesType(x, Type.SRV))).as(where).isTrue();
      return "wildcard";
    }
    List<Record> proof = chain.nxdomain(q);
    assertThat(proof).as(where).hasSizeBetween(1, 2);
    assertThat(DenialRules.anyNsecCovers(proof, q, apex)).as(where + ": covers the name").isTrue();
    assertThat(DenialRules.anyNsecCovers(proof, wildcard, apex)).as(where + ": covers " + wildcard).isTrue();
    assertThat(proof).as(where).noneMatch(x -> DenialRules.nsecMatches(x, q));
    return "nxdomain";
  }
}

package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wadns.testing.TestZones;
import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.WeightedName;
import io.wadns.zone.Node;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneData;
import io.wadns.zone.ZoneSignatures;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** A zone version signed whole: every RRset it answers with verifies, and nothing else is signed. */
class ZoneSignerTest {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  static ZoneKey csk;
  static ZoneKey zsk;

  static final String ZONE = TestZones.exampleCom("""
      @ MX 10 mail
      @ ALIAS 1 pool-a
      mail A 192.0.2.25
      pool-a 60 A 192.0.2.1
      pool-a 60 A 192.0.2.2
      pool-b 60 A 192.0.2.3
      pool-b 60 A 192.0.2.4
      pool-b 60 A 192.0.2.5
      pool-6 60 AAAA 2001:db8::1
      www ALIAS 1 pool-a
      www ALIAS 3 pool-b
      www ALIAS 1 pool-6
      www TXT "weighted"
      *.wild ALIAS 1 pool-b
      *.txt TXT "any"
      ftp CNAME www
      deep.empty.nonterminal A 192.0.2.9
      sub NS ns1.sub
      sub NS ns.example.net.
      ns1.sub A 192.0.2.153
      secure NS ns.example.net.
      secure DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
      moved DNAME dtarget.example.com.
      a.dtarget A 192.0.2.7
      """);

  @BeforeAll
  static void keys() {
    csk = new KeyGenerator(new SecureRandom()).generateCsk(name("example.com."), KeyAlgorithm.ECDSAP256SHA256,
        NOW.minusSeconds(86_400), Set.of());
    ZoneKey other = new KeyGenerator(new SecureRandom()).generateCsk(name("example.com."),
        KeyAlgorithm.ECDSAP256SHA256, NOW.minusSeconds(86_400), Set.of(csk.tag()));
    DNSKEYRecord d = other.dnskey();
    DNSKEYRecord zoneKeyOnly = new DNSKEYRecord(d.getName(), DClass.IN, 0, DNSKEYRecord.Flags.ZONE_KEY,
        d.getProtocol(), d.getAlgorithm(), d.getKey());
    zsk = new ZoneKey("zsk", zoneKeyOnly, other.algorithm(), other.timing(), other.publicKey(), other.privateKey());
  }

  static Name name(String s) {
    return Name.fromConstantString(s);
  }

  static Zone zone() {
    return TestZones.parse("example.com.zone", ZONE).zones().get(0);
  }

  static Zone signed(ZoneKeys keys, SigningPolicy policy) {
    return ZoneSigner.sign(zone(), keys, policy, NOW);
  }

  static ZoneKeys cskOnly() {
    return new ZoneKeys(name("example.com."), List.of(csk));
  }

  @Test
  void everyAuthoritativeRrsetVerifiesAndTheNsSetOfACutAndGlueAreNotSigned() {
    Zone z = signed(cskOnly(), SigningPolicy.DEFAULT);
    ZoneSignatures sigs = z.signatures();
    ZoneData data = z.data();
    int signedSets = 0;
    for (int n = 0; n < data.nodeCount(); n++) {
      Name owner = data.name(n);
      for (int type : data.types(n)) {
        List<Record> rrsigs = sigs.ofSet(data.setIndex(n, type));
        boolean glueOrCutNs = owner.equals(name("ns1.sub.example.com."))
            || (type == Type.NS && (owner.equals(name("sub.example.com.")) || owner.equals(name("secure.example.com."))));
        if (glueOrCutNs) {
          assertThat(rrsigs).as("%s %s", owner, Type.string(type)).isEmpty();
          continue;
        }
        assertThat(rrsigs).as("%s %s", owner, Type.string(type)).hasSize(1);
        verify(data.records(n, type, owner), (RRSIGRecord) rrsigs.get(0), csk);
        signedSets++;
      }
    }
    assertThat(signedSets).isEqualTo(15); // apex SOA, NS, MX and the twelve RRsets of other authoritative names
    Node secure = z.node(name("secure.example.com."));
    assertThat(sigs.ofSet(data.setIndex(data.find(name("secure.example.com.")), Type.DS))).hasSize(1);
    assertThat(secure.isCut()).isTrue();
  }

  @Test
  void everyGroupAWeightedNameCanAnswerWithIsSignedUnderTheAliasOwnerAndWildcardsAtTheWildcard() {
    Zone z = signed(cskOnly(), SigningPolicy.DEFAULT);
    int groups = 0;
    for (Name owner : List.of(name("www.example.com."), name("example.com."), name("*.wild.example.com."))) {
      for (int type : new int[] {Type.A, Type.AAAA}) {
        WeightedName weighted = z.node(owner).alias(type);
        if (weighted == null) {
          continue;
        }
        for (AddressGroup group : weighted.leaves()) {
          List<Record> rrset = new ArrayList<>();
          group.addRotation(rrset, 1 % group.size(), owner); // any rotation: RRSIGs cover canonical order
          List<Record> rrsigs = z.signatures().ofGroup(weighted, group);
          assertThat(rrsigs).hasSize(1);
          RRSIGRecord sig = (RRSIGRecord) rrsigs.get(0);
          assertThat(sig.getName()).isEqualTo(owner);
          assertThat(sig.getTypeCovered()).isEqualTo(type);
          verify(rrset, sig, csk);
          groups++;
        }
      }
    }
    assertThat(groups).isEqualTo(5); // www: pool-a, pool-b (A), pool-6 (AAAA); apex: pool-a; *.wild: pool-b
    RRSIGRecord wild = (RRSIGRecord) z.signatures().ofGroup(z.node(name("*.wild.example.com.")).alias(Type.A),
        z.node(name("*.wild.example.com.")).alias(Type.A).leaves().get(0)).get(0);
    assertThat(wild.getLabels()).isEqualTo(3); // RFC 4034 §3.1.3: the wildcard label is not counted
  }

  @Test
  void theNsecBitmapsListWhatANameAnswersNeverAliasAndTheApexListsTheKeySets() {
    Zone z = signed(cskOnly(), SigningPolicy.DEFAULT);
    NSECRecord www = (NSECRecord) z.signatures().noData(name("www.example.com.")).get(0);
    assertThat(www.getName()).isEqualTo(name("www.example.com."));
    assertThat(types(www.getTypes())).containsExactlyInAnyOrder(Type.A, Type.AAAA, Type.TXT, Type.NSEC, Type.RRSIG);
    NSECRecord apex = (NSECRecord) z.signatures().noData(name("example.com.")).get(0);
    assertThat(types(apex.getTypes())).contains(Type.SOA, Type.NS, Type.MX, Type.A, Type.DNSKEY, Type.CDS,
        Type.CDNSKEY).doesNotContain(Type.AAAA);
    NSECRecord sub = (NSECRecord) z.signatures().insecureDelegation(name("sub.example.com.")).get(0);
    assertThat(types(sub.getTypes())).containsExactlyInAnyOrder(Type.NS, Type.NSEC, Type.RRSIG);
  }

  @Test
  void everyProofComesWithItsSignatureAndVerifies() {
    for (boolean nsec3 : new boolean[] {false, true}) {
      Zone z = signed(cskOnly(), SigningPolicy.DEFAULT.withNsec3(nsec3));
      ZoneSignatures sigs = z.signatures();
      List<List<Record>> proofs = List.of(sigs.nameError(name("nothing.example.com.")),
          sigs.noData(name("mail.example.com.")), sigs.noData(name("nonterminal.example.com.")),
          sigs.wildcardAnswer(name("x.txt.example.com.")), sigs.wildcardNoData(name("x.txt.example.com.")),
          sigs.insecureDelegation(name("sub.example.com.")));
      for (List<Record> proof : proofs) {
        assertThat(proof).isNotEmpty();
        for (int i = 0; i < proof.size(); i += 2) {
          Record chainRecord = proof.get(i);
          assertThat(chainRecord.getType()).isEqualTo(nsec3 ? Type.NSEC3 : Type.NSEC);
          verify(List.of(chainRecord), (RRSIGRecord) proof.get(i + 1), csk);
        }
      }
      if (nsec3) {
        assertThat(sigs.apexSet(Type.NSEC3PARAM)).hasSize(1);
        verify(sigs.apexSet(Type.NSEC3PARAM), (RRSIGRecord) sigs.ofApexSet(Type.NSEC3PARAM).get(0), csk);
        assertThat(sigs.nameError(name("nothing.example.com.")).get(0)).isInstanceOf(NSEC3Record.class);
      } else {
        assertThat(sigs.addsAtApex(Type.NSEC3PARAM)).isFalse();
      }
    }
  }

  @Test
  void withAKskAndAZskTheKskSignsTheKeySetsAndTheZskTheRest() {
    Zone z = signed(new ZoneKeys(name("example.com."), List.of(csk, zsk)), SigningPolicy.DEFAULT);
    ZoneSignatures sigs = z.signatures();
    assertThat(sigs.apexSet(Type.DNSKEY)).hasSize(2).allMatch(r -> r.getTTL() == 3600);
    for (int type : new int[] {Type.DNSKEY, Type.CDS, Type.CDNSKEY}) {
      List<Record> rrsigs = sigs.ofApexSet(type);
      assertThat(rrsigs).hasSize(1);
      verify(sigs.apexSet(type), (RRSIGRecord) rrsigs.get(0), csk);
    }
    assertThat(sigs.apexSet(Type.CDS)).hasSize(1); // the KSK's only
    ZoneData data = z.data();
    int apex = data.find(name("example.com."));
    RRSIGRecord soaSig = (RRSIGRecord) sigs.ofSet(data.setIndex(apex, Type.SOA)).get(0);
    assertThat(soaSig.getFootprint()).isEqualTo(zsk.tag());
    verify(data.records(apex, Type.SOA, name("example.com.")), soaSig, zsk);
  }

  @Test
  void signaturesRunFromAnHourBackForTheValidityAndTheEarliestExpiryIsKept() {
    Zone z = signed(cskOnly(), SigningPolicy.DEFAULT);
    ZoneData data = z.data();
    RRSIGRecord sig = (RRSIGRecord) z.signatures().ofSet(data.setIndex(data.find(name("mail.example.com.")), Type.A)).get(0);
    assertThat(sig.getTimeSigned()).isEqualTo(NOW.minusSeconds(3600));
    assertThat(sig.getExpire()).isEqualTo(NOW.plusSeconds(14 * 86_400));
    assertThat(z.signatures().earliestExpiration()).isEqualTo(NOW.plusSeconds(14 * 86_400).getEpochSecond());
  }

  @Test
  void aZoneWithoutAnActiveKeyOrWithAnotherZonesKeysIsNotSigned() {
    ZoneKey later = new ZoneKey(csk.source(), csk.dnskey(), csk.algorithm(), KeyTiming.activeFrom(NOW.plusSeconds(60)),
        csk.publicKey(), csk.privateKey());
    assertThatThrownBy(() -> signed(new ZoneKeys(name("example.com."), List.of(later)), SigningPolicy.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no key of example.com. is active");
    assertThatThrownBy(() -> ZoneSigner.sign(zone(), new ZoneKeys(name("example.net."), List.of()),
        SigningPolicy.DEFAULT, NOW)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot sign");
  }

  @Test
  void namesBelowACutOrADnameAreNotAuthoritativeButTheCutAndTheDnameOwnerAre() {
    Zone z = TestZones.parse("example.com.zone", TestZones.exampleCom("""
        sub NS ns.example.net.
        a.b.sub A 192.0.2.1
        moved DNAME example.net.
        x A 192.0.2.2
        """)).zones().get(0);
    boolean[] auth = ZoneSigner.authoritativeNodes(z.data(), z.origin());
    ZoneData data = z.data();
    assertThat(auth[data.find(name("sub.example.com."))]).isTrue();
    assertThat(auth[data.find(name("b.sub.example.com."))]).isFalse();
    assertThat(auth[data.find(name("a.b.sub.example.com."))]).isFalse();
    assertThat(auth[data.find(name("moved.example.com."))]).isTrue();
    assertThat(auth[data.find(name("x.example.com."))]).isTrue();
    assertThat(auth[data.find(name("example.com."))]).isTrue();
  }

  private static List<Integer> types(int[] bitmap) {
    List<Integer> out = new ArrayList<>();
    for (int t : bitmap) {
      out.add(t);
    }
    return out;
  }

  private static void verify(List<Record> records, RRSIGRecord sig, ZoneKey key) {
    RRset rrset = new RRset();
    records.forEach(rrset::addRR);
    DNSKEYRecord dnskey = key.dnskey();
    assertThatCode(() -> DNSSEC.verify(rrset, sig, dnskey, NOW)).as("%s %s", rrset.getName(), Type.string(rrset.getType()))
        .doesNotThrowAnyException();
  }
}

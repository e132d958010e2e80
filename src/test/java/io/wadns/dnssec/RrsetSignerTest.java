package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** RRSIGs made by {@link RrsetSigner}: dnsjava's validator accepts them, field by field as RFC 4034 §3 says. */
class RrsetSignerTest {
  static final Name COM = Name.fromConstantString("example.com.");

  @TempDir static Path dir;
  static ZoneKey ecdsa;
  static ZoneKey ed25519;
  static ZoneKey rsa;

  @BeforeAll
  static void loadKeys() throws KeyFileException {
    ecdsa = KeyFilesTest.DirectoryKeys.read(TestKeys.write(dir, TestKeys.ECDSA_BASE, TestKeys.ECDSA_KEY, TestKeys.ECDSA_PRIVATE));
    ed25519 = KeyFilesTest.DirectoryKeys.read(TestKeys.write(dir, TestKeys.ED25519_BASE, TestKeys.ED25519_KEY, TestKeys.ED25519_PRIVATE));
    rsa = KeyFilesTest.DirectoryKeys.read(TestKeys.write(dir, TestKeys.RSA_BASE, TestKeys.RSA_KEY, TestKeys.RSA_PRIVATE));
  }

  static ZoneKey key(KeyAlgorithm a) {
    return switch (a) {
      case ECDSAP256SHA256 -> ecdsa;
      case ED25519 -> ed25519;
      case RSASHA256 -> rsa;
    };
  }

  static RRSIGRecord sign(ZoneKey key, RRset rrset) {
    return new RrsetSigner(key, new SecureRandom()).sign(rrset, Signatures.INCEPTION, Signatures.EXPIRATION);
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void signatureVerifiesAndCarriesTheRrsigFieldsOfRfc4034(KeyAlgorithm algorithm) {
    ZoneKey key = key(algorithm);
    RRset rrset = Signatures.sampleRrset(key.zone());
    RRSIGRecord rrsig = sign(key, rrset);
    Signatures.assertVerifies(rrset, rrsig, key);
    assertThat(rrsig.getName()).isEqualTo(rrset.getName());
    assertThat(rrsig.getTypeCovered()).isEqualTo(Type.A);
    assertThat(rrsig.getAlgorithm()).isEqualTo(algorithm.number());
    assertThat(rrsig.getLabels()).isEqualTo(3);
    assertThat(rrsig.getOrigTTL()).isEqualTo(300);
    assertThat(rrsig.getTTL()).isEqualTo(300);
    assertThat(rrsig.getSigner()).isEqualTo(key.zone());
    assertThat(rrsig.getFootprint()).isEqualTo(key.tag());
    assertThat(rrsig.getTimeSigned()).isEqualTo(Signatures.INCEPTION);
    assertThat(rrsig.getExpire()).isEqualTo(Signatures.EXPIRATION);
  }

  @Test
  void ecdsaSignaturesAreSixtyFourOctetsOfRAndS() {
    for (int i = 0; i < 50; i++) {
      assertThat(sign(ecdsa, Signatures.sampleRrset(COM)).getSignature()).hasSize(64);
    }
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ED25519", "RSASHA256"})
  void deterministicAlgorithmsGiveTheSameSignatureAsDnsjava(KeyAlgorithm algorithm) throws Exception {
    ZoneKey key = key(algorithm);
    RRset rrset = Signatures.sampleRrset(key.zone());
    assertThat(sign(key, rrset).getSignature()).isEqualTo(Signatures.dnsjavaSign(rrset, key).getSignature());
  }

  @Test
  void signedDataIsCanonicalWhateverTheCaseOrderAndDuplicatesOfTheInput() {
    Name owner = Name.fromConstantString("MiXeD.Example.COM.");
    List<Record> records = List.of(
        new MXRecord(owner, DClass.IN, 600, 20, Name.fromConstantString("MAIL2.Example.COM.")),
        new MXRecord(owner, DClass.IN, 600, 10, Name.fromConstantString("Mail.EXAMPLE.com.")),
        new MXRecord(owner, DClass.IN, 600, 20, Name.fromConstantString("mail2.example.com.")));
    RRSIGRecord rrsig = new RrsetSigner(ed25519, new SecureRandom())
        .sign(records, Signatures.INCEPTION, Signatures.EXPIRATION);
    RRset set = new RRset();
    records.forEach(set::addRR);
    Signatures.assertVerifies(set, rrsig, ed25519);
    // dnsjava's own canonical form of the same set, with the same RRSIG fields: octet for octet.
    SignedData.Header h = new SignedData.Header(Type.MX, 15, 3, 600, rrsig.getExpire().getEpochSecond(),
        rrsig.getTimeSigned().getEpochSecond(), ed25519.tag(), ed25519.zone());
    assertThat(SignedData.of(h, owner, Type.MX, DClass.IN, records)).isEqualTo(DNSSEC.digestRRset(rrsig, set));
  }

  @Test
  void theSmallestTtlOfTheSetIsTheOriginalTtl() {
    Name www = Name.fromConstantString("www.example.com.");
    List<Record> records = List.of(new ARecord(www, DClass.IN, 300, new byte[] {1, 2, 3, 4}),
        new ARecord(www, DClass.IN, 60, new byte[] {1, 2, 3, 5}));
    RRSIGRecord rrsig = new RrsetSigner(ecdsa, new SecureRandom()).sign(records, Signatures.INCEPTION, Signatures.EXPIRATION);
    assertThat(rrsig.getOrigTTL()).isEqualTo(60);
    assertThat(rrsig.getTTL()).isEqualTo(60);
  }

  @Test
  void aWildcardIsSignedWithoutItsStarLabelAndVerifiesWhenExpanded() throws Exception {
    Name wildcard = Name.fromConstantString("*.example.com.");
    RRSIGRecord rrsig = sign(ecdsa, new RRset(new ARecord(wildcard, DClass.IN, 300, new byte[] {(byte) 192, 0, 2, 9})));
    // RFC 4034 §3.1.3: "*.example.com." has two labels once the root and the star are left out.
    assertThat(rrsig.getLabels()).isEqualTo(2);
    // RFC 4035 §5.3.2: a validator rebuilds "*.example.com." from the expanded owner and the label count.
    Name expanded = Name.fromConstantString("a.b.example.com.");
    RRset answer = new RRset(new ARecord(expanded, DClass.IN, 300, new byte[] {(byte) 192, 0, 2, 9}));
    RRSIGRecord served = (RRSIGRecord) rrsig.withName(expanded);
    DNSSEC.verify(answer, served, ecdsa.dnskey(), Signatures.DURING);
  }

  @Test
  void labelsCountLeavesOutRootAndLeadingStar() {
    assertThat(RrsetSigner.labels(Name.root)).isZero();
    assertThat(RrsetSigner.labels(COM)).isEqualTo(2);
    assertThat(RrsetSigner.labels(Name.fromConstantString("*.a.example.com."))).isEqualTo(3);
    assertThat(RrsetSigner.labels(Name.fromConstantString("a.*.example.com."))).isEqualTo(4);
  }

  @Test
  void refusesWhatIsNotOneSignableRrsetOfTheZone() {
    RrsetSigner s = new RrsetSigner(ecdsa, new SecureRandom());
    Name www = Name.fromConstantString("www.example.com.");
    Record a = new ARecord(www, DClass.IN, 300, new byte[] {1, 2, 3, 4});
    Record other = new ARecord(Name.fromConstantString("ftp.example.com."), DClass.IN, 300, new byte[] {1, 2, 3, 4});
    assertThatThrownBy(() -> s.sign(List.of(a, other), Signatures.INCEPTION, Signatures.EXPIRATION))
        .hasMessageContaining("not one RRset");
    assertThatThrownBy(() -> s.sign(List.of(), Signatures.INCEPTION, Signatures.EXPIRATION))
        .isInstanceOf(IllegalArgumentException.class);
    Record outside = new ARecord(Name.fromConstantString("www.example.net."), DClass.IN, 300, new byte[] {1, 2, 3, 4});
    assertThatThrownBy(() -> s.sign(List.of(outside), Signatures.INCEPTION, Signatures.EXPIRATION))
        .hasMessageContaining("outside the zone example.com.");
    assertThatThrownBy(() -> s.sign(List.of(a), Signatures.EXPIRATION, Signatures.INCEPTION))
        .hasMessageContaining("must be positive");
    RRSIGRecord rrsig = s.sign(List.of(a), Signatures.INCEPTION, Signatures.EXPIRATION);
    assertThatThrownBy(() -> s.sign(List.of(rrsig), Signatures.INCEPTION, Signatures.EXPIRATION))
        .hasMessageContaining("RRSIG records are not signed");
  }

  @Test
  void oneSignerPerThreadSignsConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<RRSIGRecord>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          RrsetSigner own = new RrsetSigner(ecdsa, new SecureRandom());
          List<RRSIGRecord> sigs = new ArrayList<>();
          for (int i = 0; i < 100; i++) {
            sigs.add(own.sign(Signatures.sampleRrset(COM), Signatures.INCEPTION, Signatures.EXPIRATION));
          }
          return sigs;
        }));
      }
      for (Future<List<RRSIGRecord>> f : results) {
        for (RRSIGRecord rrsig : f.get()) {
          Signatures.assertVerifies(Signatures.sampleRrset(COM), rrsig, ecdsa);
        }
      }
    } finally {
      pool.shutdown();
    }
  }
}

package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

/**
 * The fast signature makers (Bouncy Castle's P-256 and Ed25519) produce what the JDK verifies, over enough
 * signatures that ECDSA's r and s come out shorter than 32 octets (about 1 in 128 each) and must be padded.
 */
class SignatureMakerTest {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSAP256SHA256", "ED25519"})
  void thousandsOfSignaturesVerifyWithTheJdk(KeyAlgorithm algorithm) {
    Name zone = Name.fromConstantString("example.com.");
    ZoneKey key = new KeyGenerator(new SecureRandom()).generateCsk(zone, algorithm, NOW, Set.of());
    RrsetSigner signer = new RrsetSigner(key, new SecureRandom());
    SecureRandom random = new SecureRandom();
    int padded = 0;
    for (int i = 0; i < 2000; i++) {
      byte[] text = new byte[1 + random.nextInt(64)];
      random.nextBytes(text);
      Record txt = new TXTRecord(Name.fromConstantString("t" + i + ".example.com."), DClass.IN, 300,
          List.of(java.util.Base64.getEncoder().encodeToString(text)));
      RRSIGRecord sig = signer.sign(List.of(txt), NOW.minusSeconds(3600), NOW.plusSeconds(86_400));
      byte[] s = sig.getSignature();
      assertThat(s).hasSize(64);
      if (s[0] == 0 || s[32] == 0) {
        padded++;
      }
      RRset rrset = new RRset(txt);
      assertThatCode(() -> DNSSEC.verify(rrset, sig, key.dnskey(), NOW)).doesNotThrowAnyException();
    }
    if (algorithm == KeyAlgorithm.ECDSAP256SHA256) {
      assertThat(padded).as("signatures whose r or s is shorter than 32 octets").isPositive();
    }
  }
}

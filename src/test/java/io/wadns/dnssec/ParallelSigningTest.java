package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;

/** Every RRset comes back with its signature, in its place; a stopped signing leaves the rest unsigned. */
class ParallelSigningTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final Name ZONE = Name.fromConstantString("example.com.");
  private static final ZoneKeys KEYS = new ZoneKeys(ZONE,
      List.of(new KeyGenerator(new SecureRandom()).generateCsk(ZONE, KeyAlgorithm.ED25519, NOW, Set.of())));

  @Test
  void eachRrsetGetsItsOwnSignatureAtItsIndex() throws Exception {
    List<List<Record>> rrsets = rrsets(1000);
    Record[][] sigs = ParallelSigning.start(rrsets, KEYS, NOW, NOW.minusSeconds(3600), NOW.plusSeconds(86_400))
        .finish();
    assertThat(sigs.length).isEqualTo(1000);
    for (int i = 0; i < sigs.length; i++) {
      assertThat(sigs[i]).hasSize(1);
      assertThat(sigs[i][0].getName()).isEqualTo(rrsets.get(i).get(0).getName());
      assertThat(((RRSIGRecord) sigs[i][0]).getTypeCovered()).isEqualTo(rrsets.get(i).get(0).getType());
    }
  }

  @Test
  void stoppedSigningTakesNoMoreWork() throws Exception {
    ParallelSigning signing = ParallelSigning.start(rrsets(20_000), KEYS, NOW, NOW.minusSeconds(3600),
        NOW.plusSeconds(86_400));
    signing.stop();
    Record[][] sigs = signing.finish();
    long signed = Arrays.stream(sigs).filter(Objects::nonNull).count();
    // At most the chunks the pool's workers had taken before the stop: a few hundred of 20,000.
    assertThat(signed).isLessThan(2_000);
  }

  @Test
  void nothingToSignIsNoWork() {
    assertThat(ParallelSigning.start(List.of(), KEYS, NOW, NOW.minusSeconds(3600), NOW.plusSeconds(86_400))
        .finish().length).isZero();
  }

  private static List<List<Record>> rrsets(int n) throws Exception {
    List<List<Record>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Name name = Name.fromString("h" + i, ZONE);
      out.add(List.of(new ARecord(name, DClass.IN, 300, java.net.InetAddress.getByAddress(
          new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}))));
    }
    return out;
  }
}

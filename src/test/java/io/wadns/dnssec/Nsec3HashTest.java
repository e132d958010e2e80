package io.wadns.dnssec;

import static io.wadns.dnssec.NsecChainTest.n;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.Name;

/** The NSEC3 hash of RFC 5155 §5, with and without a salt and extra iterations. */
class Nsec3HashTest {
  static final Name APEX = n("example.");

  @Test
  void withoutSaltOrIterationsItIsSha1OfTheCanonicalName() {
    // ldns-nsec3-hash -t 0 -s '' example.
    assertThat(Nsec3Hash.owner(Nsec3Hash.RFC_9276.hash(n("EXAMPLE.")), APEX))
        .isEqualTo(n("3msev9usmd4br9s97v51r2tdvmr9iqo1.example."));
    assertThat(Nsec3Hash.of(0, null)).isSameAs(Nsec3Hash.RFC_9276);
    assertThat(Nsec3Hash.of(0, new byte[0])).isSameAs(Nsec3Hash.RFC_9276);
  }

  @Test
  void theHashesOfRfc5155AppendixA() {
    // RFC 5155 Appendix A: salt aabbccdd, 12 extra iterations.
    Nsec3Hash h = Nsec3Hash.of(12, HexFormat.of().parseHex("aabbccdd"));
    assertThat(owner(h, "example.")).isEqualTo("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example.");
    assertThat(owner(h, "a.example.")).isEqualTo("35mthgpgcu1qg68fab165klnsnk3dpvl.example.");
    assertThat(owner(h, "ai.example.")).isEqualTo("gjeqe526plbf1g8mklp59enfd789njgi.example.");
    assertThat(owner(h, "ns1.example.")).isEqualTo("2t7b4g4vsa5smi47k61mv5bv1a22bojr.example.");
    assertThat(owner(h, "*.w.example.")).isEqualTo("r53bq7cc2uvmubfu5ocmm6pers9tk9en.example.");
    assertThat(owner(h, "x.y.w.example.")).isEqualTo("2vptu5timamqttgl4luu9kg21e0aor3s.example.");
  }

  @Test
  void everySaltAndIterationCountHashesAsDnsjavaDoes() throws Exception {
    SplittableRandom r = new SplittableRandom(5155);
    for (int i = 0; i < 300; i++) {
      byte[] salt = new byte[r.nextInt(0, 40)];
      for (int j = 0; j < salt.length; j++) {
        salt[j] = (byte) r.nextInt(256);
      }
      int iterations = r.nextInt(0, 30);
      Name name = Name.fromString("Host" + r.nextInt(1000) + ".Sub" + r.nextInt(10), APEX);
      NSEC3PARAMRecord param = new NSEC3PARAMRecord(APEX, DClass.IN, 0, 1, 0, iterations, salt);
      assertThat(Nsec3Hash.of(iterations, salt).hash(name)).as("%s with %s", name, param)
          .isEqualTo(param.hashName(name));
    }
  }

  @Test
  void theSaltIsKeptAsAValue() {
    byte[] salt = {1, 2, 3};
    Nsec3Hash h = Nsec3Hash.of(1, salt);
    salt[0] = 9;
    assertThat(h.salt()).containsExactly(1, 2, 3);
    h.salt()[1] = 9;
    assertThat(h.hasSalt(new byte[] {1, 2, 3})).isTrue();
    assertThat(h.hasSalt(null)).isFalse();
    assertThat(Nsec3Hash.RFC_9276.hasSalt(null)).isTrue();
  }

  @Test
  void parametersOutsideRfc5155AreRefused() {
    assertThatThrownBy(() -> Nsec3Hash.of(65536, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Nsec3Hash.of(-1, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Nsec3Hash.of(0, new byte[256])).isInstanceOf(IllegalArgumentException.class);
  }

  private static String owner(Nsec3Hash h, String name) {
    return Nsec3Hash.owner(h.hash(n(name)), APEX).toString();
  }
}

package io.wadns.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A zone's serial and its negative answers' SOA, read off the apex SOA's RDATA and made when first asked,
 * are what the SOA record itself says (RFC 2308 §3 for the TTL).
 */
class ZoneSoaTest {
  private static Zone zone(String soaLine) {
    return TestZones.parse("example.com.zone", "$ORIGIN example.com.\n" + soaLine + "\n@ 3600 NS ns1\nns1 3600 A 192.0.2.53\n")
        .find(Name.fromConstantString("example.com."));
  }

  @ParameterizedTest
  @CsvSource({
      // SOA TTL, serial, minimum
      "3600, 1, 300",
      "60, 2026120201, 300",
      "86400, 4294967295, 86400",
      "0, 2147483648, 0",
      "7200, 0, 2147483647",
  })
  void theSerialAndTheNegativeSoaAreTheApexSoasOwn(long ttl, long serial, long minimum) {
    Zone zone = zone("@ " + ttl + " IN SOA ns1.example.com. hostmaster.example.com. ( " + serial
        + " 7200 900 1209600 " + minimum + " )");
    SOARecord soa = (SOARecord) zone.apex().get(Type.SOA).first();
    assertThat(zone.serial()).isEqualTo(serial).isEqualTo(soa.getSerial());
    SOARecord negative = (SOARecord) zone.negativeSoa();
    assertThat(negative.getTTL()).isEqualTo(Math.min(ttl, minimum));
    assertThat(negative.getName()).isEqualTo(zone.origin());
    assertThat(negative.getHost()).isEqualTo(soa.getHost());
    assertThat(negative.getAdmin()).isEqualTo(soa.getAdmin());
    assertThat(new long[] {negative.getSerial(), negative.getRefresh(), negative.getRetry(), negative.getExpire(),
        negative.getMinimum()}).containsExactly(serial, 7200, 900, 1209600, minimum);
    assertThat(zone.negativeSoa()).as("made once, then kept").isSameAs(negative);
  }

  @Test
  void namesWithManyLabelsAndEscapesBeforeTheSerialAreSkippedWhole() {
    Zone zone = zone("@ 3600 IN SOA a.b.c.d.e.f.g.ns1.example.com. host\\.master.x\\032y.example.com. 77 1 2 3 120");
    assertThat(zone.serial()).isEqualTo(77);
    SOARecord negative = (SOARecord) zone.negativeSoa();
    assertThat(negative.getTTL()).isEqualTo(120);
    assertThat(negative.getAdmin()).isEqualTo(Name.fromConstantString("host\\.master.x\\032y.example.com."));
  }
}

package io.wadns.health;

import io.wadns.text.AddressPrefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wadns.zonefile.LoadLimits;
import io.wadns.zonefile.ZoneLoader;
import io.wadns.zonefile.ZoneProblem;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which addresses a zone may have probed: a zone file must not turn the server into a port scanner of the
 * networks it reaches, nor of the cloud metadata service at 169.254.169.254.
 */
class ProbeTargetsTest {
  static final String HEAD = """
      $ORIGIN example.com.
      $TTL 60
      @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
      @ NS ns1
      ns1 A 192.0.2.53
      """; // lines 1-5

  @TempDir Path dir;

  static boolean permits(ProbeTargets targets, String address) throws Exception {
    return targets.permits(InetAddress.getByName(address));
  }

  static ProbeTargets allow(String... prefixes) {
    return new ProbeTargets(java.util.Arrays.stream(prefixes).map(AddressPrefix::parse).toList());
  }

  List<String> problems(String body, ProbeTargets targets) throws Exception {
    Path file = dir.resolve("example.com.zone");
    Files.writeString(file, HEAD + body);
    LoadLimits limits = LoadLimits.confinedTo(dir, List.of()).withProbeTargets(targets);
    return ZoneLoader.load(file, new HealthKeys(), limits).problems().stream().map(ZoneProblem::toString)
        .map(p -> p.replace(dir + "/", "")).toList();
  }

  @Test
  void byDefaultEverythingButLinkLocalMayBeProbed() throws Exception {
    ProbeTargets d = ProbeTargets.DEFAULT;
    assertThat(permits(d, "192.0.2.1")).isTrue();
    assertThat(permits(d, "127.0.0.1")).isTrue();
    assertThat(permits(d, "2001:db8::1")).isTrue();
    assertThat(permits(d, "169.254.169.254")).as("cloud metadata").isFalse();
    assertThat(permits(d, "169.254.0.1")).isFalse();
    assertThat(permits(d, "fe80::1")).isFalse();
    assertThat(permits(d, "febf:ffff::1")).as("fe80::/10 ends at febf:...").isFalse();
    assertThat(permits(d, "fec0::1")).isTrue();
  }

  @Test
  void aWidePrefixNeverAllowsLinkLocalButOneInsideItDoes() throws Exception {
    assertThat(permits(allow("0.0.0.0/0", "::/0"), "169.254.169.254")).isFalse();
    assertThat(permits(allow("128.0.0.0/1"), "169.254.169.254")).isFalse();
    assertThat(permits(allow("169.254.169.254/32"), "169.254.169.254")).isTrue();
    assertThat(permits(allow("169.254.169.254/32"), "169.254.169.253")).isFalse();
    assertThat(permits(allow("fe80::/64"), "fe80::1")).isTrue();
  }

  @Test
  void onlyTheNamedPrefixesMayBeProbed() throws Exception {
    ProbeTargets t = allow("10.0.0.0/8", "2001:db8:1::/48");
    assertThat(permits(t, "10.200.0.1")).isTrue();
    assertThat(permits(t, "11.0.0.1")).isFalse();
    assertThat(permits(t, "2001:db8:1:ffff::1")).isTrue();
    assertThat(permits(t, "2001:db8:2::1")).isFalse();
    assertThat(permits(t, "::ffff:10.0.0.1")).as("an IPv4-mapped address is the IPv4 address").isTrue();
  }

  @Test
  void badPrefixesAreNamed() {
    assertThatThrownBy(() -> AddressPrefix.parse("10.0.0.0/33"))
        .hasMessage("'10.0.0.0/33': the prefix length of an IPv4 address is 0-32");
    assertThatThrownBy(() -> AddressPrefix.parse("2001:db8::/129"))
        .hasMessage("'2001:db8::/129': the prefix length of an IPv6 address is 0-128");
    assertThatThrownBy(() -> AddressPrefix.parse("10.0.0.1/8"))
        .hasMessage("'10.0.0.1/8' has host bits set; the prefix is 10.0.0.0/8");
    assertThatThrownBy(() -> AddressPrefix.parse("metadata.google.internal"))
        .hasMessage("'metadata.google.internal' is not an address prefix like 192.0.2.0/24 or 2001:db8::/32");
    assertThatThrownBy(() -> AddressPrefix.parse("10.0.0.0/x"))
        .hasMessage("'10.0.0.0/x': the prefix length of an IPv4 address is 0-32");
    assertThatThrownBy(() -> AddressPrefix.parse("\u001b[2J" + "x".repeat(100)))
        .hasMessageStartingWith("'?[2Jxxx").hasMessageContaining("...' is not");
    assertThat(AddressPrefix.parse("192.0.2.7")).hasToString("192.0.2.7/32");
    assertThat(AddressPrefix.parse("2001:DB8:0:0::/32")).hasToString("2001:db8::/32");
  }

  @Test
  void aZoneCheckingTheMetadataServiceIsNotServed() throws Exception {
    List<String> problems = problems("""
        meta A 169.254.169.254
        meta HEALTHCHECK http port=80 path=/latest/meta-data/
        """, ProbeTargets.DEFAULT);

    assertThat(problems).containsExactly("example.com.zone:7: HEALTHCHECK at meta.example.com.: address"
        + " 169.254.169.254 is outside the probe targets allowed (--health-allow)");
  }

  @Test
  void anIpv4MappedAaaaRecordIsTheIpv4AddressItMaps() throws Exception {
    assertThat(problems("""
        meta AAAA ::ffff:169.254.169.254
        meta HEALTHCHECK tcp port=80
        """, ProbeTargets.DEFAULT)).containsExactly("example.com.zone:7: HEALTHCHECK at meta.example.com.: address"
        + " 169.254.169.254 is outside the probe targets allowed (--health-allow)");
  }

  @Test
  void everyAddressOutsideTheAllowedPrefixesIsAnError() throws Exception {
    String body = """
        www A 192.0.2.1
        www A 198.51.100.1
        www AAAA 2001:db8::1
        www HEALTHCHECK tcp port=443
        """;

    assertThat(problems(body, allow("192.0.2.0/24"))).containsExactly(
        "example.com.zone:9: HEALTHCHECK at www.example.com.: address 198.51.100.1 is outside the probe targets"
            + " allowed (--health-allow)",
        "example.com.zone:9: HEALTHCHECK at www.example.com.: address 2001:db8::1 is outside the probe targets"
            + " allowed (--health-allow)");
    assertThat(problems(body, allow("192.0.2.0/24", "198.51.100.0/24", "2001:db8::/32"))).isEmpty();
    assertThat(problems("meta A 169.254.169.254\nmeta HEALTHCHECK tcp port=80\n", allow("169.254.169.254/32")))
        .as("named on purpose").isEmpty();
  }

  @Test
  void addressesWithoutAHealthCheckAreNotConcerned() throws Exception {
    assertThat(problems("meta A 169.254.169.254\n", allow("10.0.0.0/8"))).isEmpty();
  }
}

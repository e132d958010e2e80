package io.wadns.transfer;

import io.wadns.text.AddressPrefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class TransferAclTest {
  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void prefixesMatchTheirNetworkOnly() throws Exception {
    AddressPrefix p = new AddressPrefix(ip("192.0.2.77"), 25);
    assertThat(p.toString()).isEqualTo("192.0.2.0/25");
    assertThat(p.contains(ip("192.0.2.127"))).isTrue();
    assertThat(p.contains(ip("192.0.2.128"))).isFalse();
    assertThat(p.contains(ip("::ffff:192.0.2.1"))).isTrue(); // Java reads a mapped address as IPv4
    AddressPrefix v6 = new AddressPrefix(ip("2001:db8::"), 32);
    assertThat(v6.contains(ip("2001:db8:ffff::1"))).isTrue();
    assertThat(v6.contains(ip("2001:db9::1"))).isFalse();
    assertThat(v6.contains(ip("192.0.2.1"))).isFalse();
    assertThat(new AddressPrefix(ip("10.0.0.0"), 0).contains(ip("255.1.2.3"))).isTrue();
    assertThatThrownBy(() -> new AddressPrefix(ip("10.0.0.0"), 33)).hasMessageContaining("is not 0-32");
  }

  @Test
  void aRuleWithAKeyNeedsThatVerifiedKey() throws Exception {
    Name xfr = Name.fromString("xfr.");
    TransferAcl acl = new TransferAcl(List.of(new TransferAcl.Rule(new AddressPrefix(ip("127.0.0.0"), 8), null),
        new TransferAcl.Rule(null, xfr)));
    assertThat(acl.allows(ip("127.0.0.2"), null)).isTrue();
    assertThat(acl.allows(ip("192.0.2.1"), null)).isFalse();
    assertThat(acl.allows(ip("192.0.2.1"), xfr)).isTrue();
    assertThat(acl.allows(ip("192.0.2.1"), Name.fromString("other."))).isFalse();
    assertThat(TransferAcl.NOBODY.allows(ip("127.0.0.1"), xfr)).isFalse();
    assertThatThrownBy(() -> new TransferAcl.Rule(null, null)).isInstanceOf(IllegalArgumentException.class);
  }
}

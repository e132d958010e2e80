package io.wadns.health;

import io.wadns.text.AddressPrefix;
import io.wadns.text.AddressText;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which addresses health checks may probe. A zone file decides what is probed and {@code /health} publishes
 * every outcome, so without a bound whoever writes zones could use the server as a port scanner of every
 * network it reaches. Checked addresses must lie in one of the {@code allowed} prefixes, or the zone is
 * refused at load time ({@code serve --health-allow}).
 *
 * <p>Link-local addresses (169.254.0.0/16, fe80::/10, RFC 3927 and RFC 4291 §2.5.6), where cloud metadata
 * services answer (169.254.169.254), are never allowed by a wider prefix: only a prefix inside them, named
 * on purpose, allows them. The default allows every other address.
 */
public record ProbeTargets(List<AddressPrefix> allowed) {
  static final List<AddressPrefix> LINK_LOCAL = List.of(AddressPrefix.parse("169.254.0.0/16"),
      AddressPrefix.parse("fe80::/10"));

  /** Every address but link-local ones. */
  public static final ProbeTargets DEFAULT = new ProbeTargets(List.of(AddressPrefix.parse("0.0.0.0/0"),
      AddressPrefix.parse("::/0")));

  public ProbeTargets {
    allowed = List.copyOf(allowed);
  }

  public boolean permits(InetAddress address) {
    boolean linkLocal = LINK_LOCAL.stream().anyMatch(l -> l.contains(address));
    for (AddressPrefix p : allowed) {
      if (p.contains(address) && (!linkLocal || LINK_LOCAL.stream().anyMatch(p::within))) {
        return true;
      }
    }
    return false;
  }

  /** Why {@code address} may not be probed, or null when it may. */
  public String refusal(InetAddress address) {
    return permits(address) ? null : "address " + AddressText.of(address)
        + " is outside the probe targets allowed (--health-allow)";
  }

  @Override
  public String toString() {
    return allowed.stream().map(AddressPrefix::toString).collect(Collectors.joining(", "));
  }
}

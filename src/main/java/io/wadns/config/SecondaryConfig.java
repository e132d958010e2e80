package io.wadns.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * The {@code secondary:} section: zones and catalog zones (RFC 9432) to follow from other primaries,
 * and the folder where their copies are kept (see {@code io.wadns.secondary.Secondary}).
 *
 * @param store the folder where transferred zones are kept
 */
public record SecondaryConfig(Path store, List<Followed> zones, List<Followed> catalogs) {
  public SecondaryConfig {
    zones = List.copyOf(zones);
    catalogs = List.copyOf(catalogs);
  }

  /**
   * One zone (or catalog zone) to transfer.
   *
   * @param primaries where to transfer it from, in order of preference
   * @param tsig the TSIG key to sign the requests with, or null
   */
  public record Followed(Name name, List<InetSocketAddress> primaries, Name tsig) {
    public Followed {
      primaries = List.copyOf(primaries);
    }
  }
}

package io.wadns.config;

import io.wadns.tsig.TsigKey;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * What a {@code serve --config FILE} file says. Each setting is null (or empty) when the file leaves
 * it out, so the command line and the defaults fill it in; paths are already resolved against the
 * file's folder. Immutable.
 *
 * @param file the file it was read from
 * @param listen as {@code --listen}: empty when not given
 * @param http as {@code --http}
 * @param zones as {@code --zones}: the folder of primary zone files
 * @param keys the folder of DNSSEC keys
 * @param tsig the TSIG keys, by which transfers and NOTIFY are signed
 * @param transfer who may transfer the primary zones, whom to notify, the journal
 * @param catalog the name of the catalog zone of the primary zones to publish (RFC 9432), or null
 * @param secondary the zones to follow from other primaries, or null
 */
public record ServeConfig(Path file, List<InetSocketAddress> listen, InetSocketAddress http, Path zones, Path keys,
    List<TsigKey> tsig, TransferConfig transfer, Name catalog, SecondaryConfig secondary) {
  public ServeConfig {
    listen = List.copyOf(listen);
    tsig = List.copyOf(tsig);
  }

  /** No file: nothing said. */
  public static ServeConfig none() {
    return new ServeConfig(null, List.of(), null, null, null, List.of(), TransferConfig.none(), null, null);
  }
}

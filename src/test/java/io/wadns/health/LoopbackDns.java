package io.wadns.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.protocol.Responder;
import io.wadns.resolve.Resolver;
import io.wadns.server.DnsServer;
import io.wadns.server.ServerOptions;
import io.wadns.weighted.Randomness;
import io.wadns.zonefile.ZoneLoader;
import io.wadns.zone.ZoneSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * wadns in this process, wired as {@code serve} wires it: a zone file loaded through a health
 * registry's binder, the registry published to a {@link HealthMonitor} that probes for real, and the
 * Netty server on a kernel-chosen loopback port, queried over UDP with dnsjava.
 */
final class LoopbackDns implements AutoCloseable {
  private final HealthRegistry registry;
  private final HealthMonitor monitor;
  private final DnsServer server;
  private final SimpleResolver resolver;

  private LoopbackDns(HealthRegistry registry, HealthMonitor monitor, DnsServer server, SimpleResolver resolver) {
    this.registry = registry;
    this.monitor = monitor;
    this.server = server;
    this.resolver = resolver;
  }

  /** Loads {@code zoneText} as {@code example.com.zone} in {@code dir}, starts probing and serving. */
  static LoopbackDns start(Path dir, String zoneText) throws InterruptedException, io.wadns.server.ListenException {
    Path file = dir.resolve("example.com.zone");
    try {
      Files.writeString(file, zoneText);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HealthRegistry registry = new HealthRegistry(Clock.systemUTC());
    ZoneLoader.Result loaded = ZoneLoader.loadFiles(List.of(file), registry.keys());
    assertThat(loaded.problems()).as("problems of the test zone").isEmpty();
    ZoneSet zones = loaded.zones();
    HealthMonitor monitor = new HealthMonitor();
    registry.onChange(monitor::watch);
    registry.publish(loaded.zones().healthChecks());
    Responder responder = new Responder(new Resolver(() -> zones, registry::view, Randomness.threadLocal()));
    DnsServer server = new DnsServer(responder, new ServerOptions(
        List.of(new InetSocketAddress("127.0.0.1", 0)), 1, Duration.ofSeconds(10), 64));
    try {
      server.start();
    } catch (RuntimeException | InterruptedException | io.wadns.server.ListenException e) {
      monitor.close();
      throw e;
    }
    InetSocketAddress bound = server.boundAddresses().get(0);
    SimpleResolver resolver = new SimpleResolver(bound.getAddress());
    resolver.setPort(bound.getPort());
    resolver.setTimeout(Duration.ofSeconds(2));
    return new LoopbackDns(registry, monitor, server, resolver);
  }

  HealthRegistry registry() {
    return registry;
  }

  InetSocketAddress address() {
    return server.boundAddresses().get(0);
  }

  /** The addresses of one A query's answer, as a sorted set; fails unless the rcode is NOERROR. */
  Set<String> addresses(String name) throws IOException {
    Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    Message reply = resolver.send(query);
    assertThat(Rcode.string(reply.getRcode())).as("rcode of %s A", name).isEqualTo("NOERROR");
    Set<String> seen = new TreeSet<>();
    for (Record r : reply.getSection(Section.ANSWER)) {
      if (r instanceof ARecord a) {
        seen.add(a.getAddress().getHostAddress());
      }
    }
    return seen;
  }

  /** The tracker of {@code address} in group {@code group} (a relative name under example.com.). */
  AddressHealth health(String group, InetAddress address) {
    Name name = Name.fromConstantString(group + ".example.com.");
    return registry.all().stream()
        .filter(h -> h.group().equals(name) && h.address().equals(address))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no health tracker for " + address + " of " + name));
  }

  List<AddressHealth> health(String group, List<InetAddress> addresses) {
    return addresses.stream().map(a -> health(group, a)).toList();
  }

  @Override
  public void close() {
    server.close();
    monitor.close();
  }
}

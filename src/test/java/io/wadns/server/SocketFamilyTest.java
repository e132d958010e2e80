package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wadns.protocol.ProtocolZone;
import io.wadns.protocol.Wire;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Each listening socket has the family of its address: an IPv4 address is served by an IPv4 socket, not by
 * an IPv6 socket carrying it as a mapped address, whose kernel path costs more per packet. Read from
 * Linux's socket tables, where {@code /proc/net/udp} lists IPv4 sockets and {@code /proc/net/udp6} IPv6.
 */
@Timeout(60)
class SocketFamilyTest {
  DnsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void anIpv4AddressGetsIpv4SocketsAndAnIpv6AddressIpv6Ones() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/net/udp6")), "Linux's socket tables");
    List<InetSocketAddress> listen = new ArrayList<>(List.of(new InetSocketAddress("127.0.0.1", 0)));
    boolean ipv6 = ipv6Loopback();
    if (ipv6) {
      listen.add(new InetSocketAddress("::1", 0));
    }
    server = new DnsServer(ProtocolZone.responder(), new ServerOptions(listen, 2, Duration.ofSeconds(5), 16));
    server.start();
    InetSocketAddress v4 = server.boundAddresses().get(0);
    String loopback = "0100007F:" + hexPort(v4); // 127.0.0.1 as the tables write it (host byte order)
    String mapped = "0000000000000000FFFF00000100007F:" + hexPort(v4); // ::ffff:127.0.0.1
    for (String table : List.of("udp", "tcp")) {
      assertThat(sockets(table)).as(table).contains(loopback);
      assertThat(sockets(table + "6")).as(table + "6").doesNotContain(mapped);
    }
    assertAnswers(v4);
    if (ipv6) {
      InetSocketAddress v6 = server.boundAddresses().get(1);
      String v6Loopback = "00000000000000000000000001000000:" + hexPort(v6); // ::1
      assertThat(sockets("udp6")).contains(v6Loopback);
      assertThat(sockets("tcp6")).contains(v6Loopback);
      assertAnswers(v6);
    }
  }

  @Test
  void theIpv4WildcardStillAnswersBothFamilies() throws Exception {
    assumeTrue(ipv6Loopback(), "IPv6 on loopback");
    server = new DnsServer(ProtocolZone.responder(), new ServerOptions(List.of(new InetSocketAddress("0.0.0.0", 0)), 1,
        Duration.ofSeconds(5), 16));
    server.start();
    int port = server.boundAddresses().get(0).getPort();
    assertAnswers(new InetSocketAddress("127.0.0.1", port));
    assertAnswers(new InetSocketAddress("::1", port));
  }

  private static void assertAnswers(InetSocketAddress address) throws IOException {
    for (boolean tcp : new boolean[] {false, true}) {
      SimpleResolver r = new SimpleResolver(address);
      r.setTCP(tcp);
      r.setTimeout(Duration.ofSeconds(3));
      Message reply = r.send(Wire.query("www.example.com.", Type.A));
      assertThat(reply.getRcode()).as("%s over %s", address, tcp ? "TCP" : "UDP").isEqualTo(Rcode.NOERROR);
    }
  }

  private static boolean ipv6Loopback() {
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String hexPort(InetSocketAddress address) {
    return String.format(Locale.ROOT, "%04X", address.getPort());
  }

  /** The local addresses of the sockets in {@code /proc/net/<table>}: "ADDRESS:PORT" in hexadecimal. */
  private static List<String> sockets(String table) throws IOException {
    List<String> local = new ArrayList<>();
    List<String> lines = Files.readAllLines(Path.of("/proc/net", table));
    for (String line : lines.subList(1, lines.size())) {
      local.add(line.trim().split("\\s+")[1].toUpperCase(Locale.ROOT));
    }
    return local;
  }
}

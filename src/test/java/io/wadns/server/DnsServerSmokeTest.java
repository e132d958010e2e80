package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.protocol.ProtocolZone;
import io.wadns.protocol.Wire;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The real server on a loopback port chosen by the kernel, queried over UDP and TCP. */
@Timeout(60)
class DnsServerSmokeTest {
  private static final int TIMEOUT_MS = 3000;

  DnsServer server;

  private InetSocketAddress start(int maxConnections) throws Exception {
    ServerOptions options = new ServerOptions(List.of(new InetSocketAddress("127.0.0.1", 0)), 1,
        Duration.ofSeconds(5), maxConnections);
    server = new DnsServer(ProtocolZone.responder(), options);
    server.start();
    List<InetSocketAddress> bound = server.boundAddresses();
    assertThat(bound).hasSize(1);
    assertThat(bound.get(0).getPort()).isPositive();
    return bound.get(0);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static SimpleResolver resolver(InetSocketAddress address, boolean tcp) {
    SimpleResolver r = new SimpleResolver(address.getAddress());
    r.setPort(address.getPort());
    r.setTCP(tcp);
    r.setTimeout(Duration.ofMillis(TIMEOUT_MS));
    return r;
  }

  private static void assertWwwAnswer(Message reply) {
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(reply.getSection(Section.ANSWER)).singleElement()
        .extracting(r -> ((ARecord) r).getAddress().getHostAddress()).isEqualTo("192.0.2.10");
  }

  @Test
  void answersOverUdp() throws Exception {
    InetSocketAddress address = start(16);

    Message reply = resolver(address, false).send(Wire.query("www.example.com.", Type.A));

    assertWwwAnswer(reply);
    assertThat(reply.getOPT()).as("dnsjava sends EDNS; the reply carries OPT").isNotNull();
  }

  @Test
  void answersOverTcp() throws Exception {
    InetSocketAddress address = start(16);

    Message reply = resolver(address, true).send(Wire.query("www.example.com.", Type.A));

    assertWwwAnswer(reply);
  }

  @Test
  void largeAnswerIsTruncatedOverUdpAndWholeOverTcp() throws Exception {
    InetSocketAddress address = start(16);
    SimpleResolver udp = resolver(address, false);
    udp.setEDNS(-1, 0, 0, List.of());
    udp.setIgnoreTruncation(true);

    Message truncated = udp.send(Wire.query("big.example.com.", Type.A));
    Message whole = resolver(address, true).send(Wire.query("big.example.com.", Type.A));

    assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(whole.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(whole.getSection(Section.ANSWER)).hasSize(40).extracting(Record::getType)
        .containsOnly(Type.A);
  }

  @Test
  void tcpConnectionAnswersPipelinedQueriesInOrder() throws Exception {
    InetSocketAddress address = start(16);
    try (Socket socket = new Socket()) {
      socket.connect(address, TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      for (int id = 1; id <= 3; id++) {
        Message q = Wire.query("www.example.com.", Type.A);
        q.getHeader().setID(id);
        byte[] bytes = q.toWire();
        out.writeShort(bytes.length);
        out.write(bytes);
      }
      out.flush(); // all three in one segment, before any reply is read

      for (int id = 1; id <= 3; id++) {
        byte[] reply = new byte[in.readUnsignedShort()];
        in.readFully(reply);
        assertThat(Wire.id(reply)).isEqualTo(id);
        assertWwwAnswer(Wire.parse(reply));
      }
    }
  }

  @Test
  void atTheCapANewConnectionTakesThePlaceOfTheIdleOne() throws Exception {
    InetSocketAddress address = start(1);
    try (Socket first = new Socket(); Socket second = new Socket()) {
      first.connect(address, TIMEOUT_MS);
      first.setSoTimeout(TIMEOUT_MS);
      // A full round trip, so that the first connection is active before the second one arrives.
      Message reply = exchange(first, Wire.query("www.example.com.", Type.A));
      assertWwwAnswer(reply);

      second.connect(address, TIMEOUT_MS);
      second.setSoTimeout(TIMEOUT_MS);
      assertWwwAnswer(exchange(second, Wire.query("www.example.com.", Type.A)));

      assertThat(readEofOrReset(first)).as("the idle first connection closed by the server").isTrue();
    }
  }

  @Test
  void closeReleasesThePort() throws Exception {
    InetSocketAddress address = start(16);
    server.close();
    server = null;

    try (Socket socket = new Socket()) {
      assertThat(connects(socket, address)).isFalse();
    }
  }

  private static Message exchange(Socket socket, Message query) throws IOException {
    byte[] bytes = query.toWire();
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    out.writeShort(bytes.length);
    out.write(bytes);
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] reply = new byte[in.readUnsignedShort()];
    in.readFully(reply);
    return new Message(reply);
  }

  private static boolean readEofOrReset(Socket socket) throws IOException {
    try {
      return socket.getInputStream().read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  private static boolean connects(Socket socket, InetSocketAddress address) {
    try {
      socket.connect(address, TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.wadns.protocol.ProtocolZone;
import io.wadns.protocol.Responder;
import io.wadns.protocol.Wire;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The UDP handler in an {@link EmbeddedChannel}: datagrams in, datagrams out, no sockets. */
class UdpQueryHandlerTest {
  private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 53);
  private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.1", 40000);

  static Responder responder;
  EmbeddedChannel channel;

  @BeforeAll
  static void loadZone() {
    responder = ProtocolZone.responder();
  }

  @BeforeEach
  void openChannel() {
    channel = new EmbeddedChannel(new UdpQueryHandler(responder));
  }

  private static DatagramPacket datagram(byte[] payload, InetSocketAddress sender) {
    return new DatagramPacket(Unpooled.wrappedBuffer(payload), SERVER, sender);
  }

  private static Message query(String name, int type, int id) {
    Message q = Wire.query(name, type);
    q.getHeader().setID(id);
    return q;
  }

  /** The next reply datagram; the caller releases it (see {@link #payloadOf}). */
  private DatagramPacket readReply() {
    DatagramPacket reply = channel.readOutbound();
    assertThat(reply).as("a reply datagram").isNotNull();
    return reply;
  }

  private static byte[] payloadOf(DatagramPacket packet) {
    try {
      return ByteBufUtil.getBytes(packet.content());
    } finally {
      packet.release();
    }
  }

  @Test
  void answersADatagramToItsSender() {
    DatagramPacket in = datagram(Wire.bytes(query("www.example.com.", Type.A, 0x0101)), CLIENT);

    channel.writeInbound(in);

    DatagramPacket reply = readReply();
    assertThat(reply.recipient()).isEqualTo(CLIENT);
    assertThat(reply.sender()).isEqualTo(SERVER);
    Message m = Wire.parse(payloadOf(reply));
    assertThat(m.getHeader().getID()).isEqualTo(0x0101);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER)).hasSize(1);
    assertThat(in.refCnt()).as("query datagram released").isZero();
    assertThat(channel.finish()).as("nothing left over").isFalse();
  }

  @Test
  void answersEachDatagramOfABurstToItsOwnSender() {
    InetSocketAddress other = new InetSocketAddress("198.51.100.7", 5353);
    InetSocketAddress third = new InetSocketAddress("2001:db8::1", 1053);

    channel.writeInbound(
        datagram(Wire.bytes(query("www.example.com.", Type.A, 1)), CLIENT),
        datagram(Wire.bytes(query("nothere.example.com.", Type.A, 2)), other),
        datagram(Wire.bytes(query("mail.example.com.", Type.MX, 3)), third));

    DatagramPacket first = readReply();
    DatagramPacket second = readReply();
    DatagramPacket last = readReply();
    assertThat(first.recipient()).isEqualTo(CLIENT);
    assertThat(second.recipient()).isEqualTo(other);
    assertThat(last.recipient()).isEqualTo(third);
    assertThat(Wire.id(payloadOf(first))).isEqualTo(1);
    byte[] nx = payloadOf(second);
    assertThat(Wire.id(nx)).isEqualTo(2);
    assertThat(Wire.headerRcode(nx)).isEqualTo(Rcode.NXDOMAIN);
    assertThat(Wire.id(payloadOf(last))).isEqualTo(3);
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void datagramTooShortForAHeaderGetsNoReplyAndTheChannelStaysOpen() {
    DatagramPacket in = datagram(new byte[] {1, 2, 3}, CLIENT);

    channel.writeInbound(in);

    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(in.refCnt()).isZero();
    assertThat(channel.isOpen()).isTrue();

    channel.writeInbound(datagram(Wire.bytes(query("www.example.com.", Type.A, 9)), CLIENT));
    assertThat(Wire.id(payloadOf(readReply()))).isEqualTo(9);
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void responseDatagramIsNotAnswered() {
    byte[] response = Wire.setFlags(Wire.bytes(query("www.example.com.", Type.A, 5)), Wire.QR);

    channel.writeInbound(datagram(response, CLIENT));

    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void garbageDatagramWithAReadableHeaderGetsFormErr() {
    byte[] garbage = {0x77, 0x66, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3F, 'x'};

    channel.writeInbound(datagram(garbage, CLIENT));

    byte[] reply = payloadOf(readReply());
    assertThat(Wire.id(reply)).isEqualTo(0x7766);
    assertThat(Wire.headerRcode(reply)).isEqualTo(Rcode.FORMERR);
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void udpReplyIsLimitedTo512OctetsWithoutEdns() {
    channel.writeInbound(datagram(Wire.bytes(query("big.example.com.", Type.A, 7)), CLIENT));

    byte[] reply = payloadOf(readReply());
    assertThat(reply.length).isLessThanOrEqualTo(512);
    assertThat(Wire.flags(reply) & Wire.TC).isEqualTo(Wire.TC);
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void socketErrorDoesNotCloseTheChannel() {
    channel.pipeline().fireExceptionCaught(new java.net.PortUnreachableException("gone"));

    assertThat(channel.isOpen()).isTrue();
    channel.writeInbound(datagram(Wire.bytes(query("www.example.com.", Type.A, 11)), CLIENT));
    assertThat(Wire.id(payloadOf(readReply()))).isEqualTo(11);
    channel.checkException();
    assertThat(channel.finish()).isFalse();
  }
}

package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateEvent;
import io.wadns.protocol.ProtocolZone;
import io.wadns.protocol.Responder;
import io.wadns.protocol.Wire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The TCP pipeline of {@link DnsServer} in an {@link EmbeddedChannel}: 2-octet length framing (RFC
 * 1035 §4.2.2), partial reads, pipelining (RFC 7766 §6.2.1), bad frames, idle close.
 */
class TcpQueryHandlerTest {
  static Responder responder;
  EmbeddedChannel channel;

  @BeforeAll
  static void loadZone() {
    responder = ProtocolZone.responder();
  }

  @BeforeEach
  void openChannel() {
    // The same pipeline as DnsServer, without the limiter and the idle timer.
    channel = new EmbeddedChannel(
        new LengthFieldBasedFrameDecoder(65537, 0, 2, 0, 2),
        new LengthFieldPrepender(2),
        new TcpQueryHandler(responder));
  }

  @AfterEach
  void closeChannel() {
    channel.finishAndReleaseAll();
  }

  private static byte[] query(String name, int type, int id) {
    Message q = Wire.query(name, type);
    q.getHeader().setID(id);
    return Wire.bytes(q);
  }

  /** The messages, each behind its 2-octet length. */
  private static byte[] framed(byte[]... messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] m : messages) {
      out.write(m.length >> 8);
      out.write(m.length & 0xFF);
      out.writeBytes(m);
    }
    return out.toByteArray();
  }

  /** Every byte written so far, releasing the buffers, split into length-prefixed messages. */
  private List<byte[]> readReplies() {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
      try {
        byte[] chunk = new byte[buf.readableBytes()];
        buf.readBytes(chunk);
        stream.writeBytes(chunk);
      } finally {
        buf.release();
      }
    }
    byte[] all = stream.toByteArray();
    List<byte[]> replies = new ArrayList<>();
    int p = 0;
    while (p < all.length) {
      assertThat(all.length - p).as("room for a length prefix").isGreaterThanOrEqualTo(2);
      int length = (all[p] & 0xFF) << 8 | (all[p + 1] & 0xFF);
      assertThat(all.length - p - 2).as("room for a %d-octet message", length).isGreaterThanOrEqualTo(length);
      replies.add(Arrays.copyOfRange(all, p + 2, p + 2 + length));
      p += 2 + length;
    }
    return replies;
  }

  @Test
  void answersAFramedQueryWithAFramedReply() {
    ByteBuf in = Unpooled.wrappedBuffer(framed(query("www.example.com.", Type.A, 0x0202)));

    channel.writeInbound(in);

    List<byte[]> replies = readReplies();
    assertThat(replies).hasSize(1);
    Message m = Wire.parse(replies.get(0));
    assertThat(m.getHeader().getID()).isEqualTo(0x0202);
    assertThat(m.getSection(Section.ANSWER)).hasSize(1);
    assertThat(in.refCnt()).as("query buffer released").isZero();
    assertThat(channel.isOpen()).isTrue();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void queryArrivingOneOctetAtATimeIsAnsweredOnceComplete() {
    byte[] bytes = framed(query("www.example.com.", Type.A, 0x0303));

    for (int i = 0; i < bytes.length - 1; i++) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {bytes[i]}));
      assertThat((Object) channel.readOutbound()).as("no reply after %d of %d octets", i + 1, bytes.length)
          .isNull();
    }
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {bytes[bytes.length - 1]}));

    List<byte[]> replies = readReplies();
    assertThat(replies).hasSize(1);
    assertThat(Wire.id(replies.get(0))).isEqualTo(0x0303);
    assertThat(Wire.headerRcode(replies.get(0))).isEqualTo(Rcode.NOERROR);
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void queryAndLengthSplitAcrossWritesAtOddPlacesIsAnswered() {
    byte[] bytes = framed(query("www.example.com.", Type.A, 1), query("mail.example.com.", Type.MX, 2));

    // One octet of the first length, then the rest of the first query and half of the second one's
    // length, then everything else.
    int firstEnd = 2 + (bytes[1] & 0xFF);
    channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, 1));
    channel.writeInbound(Unpooled.wrappedBuffer(bytes, 1, firstEnd));
    channel.writeInbound(Unpooled.wrappedBuffer(bytes, firstEnd + 1, bytes.length - firstEnd - 1));

    List<byte[]> replies = readReplies();
    assertThat(replies).extracting(Wire::id).containsExactly(1, 2);
  }

  @Test
  void pipelinedQueriesInOneBufferAreAnsweredInOrder() {
    byte[] bytes = framed(
        query("www.example.com.", Type.A, 10),
        query("nothere.example.com.", Type.A, 11),
        query("mail.example.com.", Type.MX, 12),
        query("www.example.org.", Type.A, 13));

    channel.writeInbound(Unpooled.wrappedBuffer(bytes));

    List<byte[]> replies = readReplies();
    assertThat(replies).extracting(Wire::id).containsExactly(10, 11, 12, 13);
    assertThat(replies).extracting(Wire::headerRcode)
        .containsExactly(Rcode.NOERROR, Rcode.NXDOMAIN, Rcode.NOERROR, Rcode.REFUSED);
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void zeroLengthFrameIsIgnoredAndTheNextQueryAnswered() {
    channel.writeInbound(Unpooled.wrappedBuffer(framed(new byte[0])));

    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(channel.isOpen()).isTrue();

    channel.writeInbound(Unpooled.wrappedBuffer(framed(query("www.example.com.", Type.A, 20))));
    List<byte[]> replies = readReplies();
    assertThat(replies).extracting(Wire::id).containsExactly(20);
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void garbageFramesDoNotKillTheConnection() {
    byte[] tooShort = {1, 2, 3, 4, 5};
    byte[] response = Wire.setFlags(query("www.example.com.", Type.A, 30), Wire.QR);
    byte[] brokenQuestion = {0x00, 0x31, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0x3F, 'x', 'y'};

    channel.writeInbound(Unpooled.wrappedBuffer(framed(tooShort, response, brokenQuestion,
        query("www.example.com.", Type.A, 32))));

    List<byte[]> replies = readReplies();
    assertThat(replies).extracting(Wire::id).as("the two droppable frames get no reply")
        .containsExactly(0x31, 32);
    assertThat(Wire.headerRcode(replies.get(0))).isEqualTo(Rcode.FORMERR);
    assertThat(Wire.headerRcode(replies.get(1))).isEqualTo(Rcode.NOERROR);
    assertThat(channel.isOpen()).isTrue();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void randomBytesInsideAFrameDoNotKillTheConnection() {
    byte[] noise = new byte[300];
    new Random(42).nextBytes(noise);
    noise[2] &= 0x7F; // a query, so that the responder has to read it

    channel.writeInbound(Unpooled.wrappedBuffer(framed(noise, query("www.example.com.", Type.A, 40))));

    List<byte[]> replies = readReplies();
    assertThat(replies).last().extracting(Wire::id).isEqualTo(40);
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void tcpReplyCarriesTheWholeAnswer() {
    channel.writeInbound(Unpooled.wrappedBuffer(framed(query("bigtxt.example.com.", Type.TXT, 50))));

    List<byte[]> replies = readReplies();
    assertThat(replies).hasSize(1);
    byte[] reply = replies.get(0);
    assertThat(reply.length).isGreaterThan(1232);
    assertThat(Wire.flags(reply) & Wire.TC).isZero();
    assertThat(Wire.count(reply, Section.ANSWER)).isEqualTo(6);
  }

  @Test
  void largestLengthPrefixIsAcceptedWithoutClosing() {
    // A 65535-octet message is legal (RFC 1035 §4.2.2); the decoder must not reject it as too long.
    byte[] big = new byte[65535];
    byte[] header = query("www.example.com.", Type.A, 60);
    System.arraycopy(header, 0, big, 0, header.length);

    channel.writeInbound(Unpooled.wrappedBuffer(framed(big)));

    channel.checkException();
    assertThat(channel.isOpen()).isTrue();
    List<byte[]> replies = readReplies();
    assertThat(replies).extracting(Wire::id).containsExactly(60);
  }

  @Test
  void idleConnectionIsClosed() {
    channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);

    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void resetByPeerClosesTheConnection() {
    channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void clientThatDoesNotReadItsRepliesIsNotReadFrom() {
    channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(16, 32));
    assertThat(channel.config().isAutoRead()).isTrue();

    // One query handled but its reply not yet flushed: more than 32 octets wait to be written.
    channel.writeOneInbound(Unpooled.wrappedBuffer(framed(query("www.example.com.", Type.A, 70))));
    channel.runPendingTasks();

    assertThat(channel.isWritable()).isFalse();
    assertThat(channel.config().isAutoRead()).as("reading paused").isFalse();

    channel.flushInbound(); // read complete: the handler flushes, the backlog drains
    channel.runPendingTasks();

    assertThat(channel.isWritable()).isTrue();
    assertThat(channel.config().isAutoRead()).as("reading resumed").isTrue();
    assertThat(readReplies()).extracting(Wire::id).containsExactly(70);
  }
}

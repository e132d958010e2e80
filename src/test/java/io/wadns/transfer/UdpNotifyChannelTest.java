package io.wadns.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * NOTIFYs over loopback: the answer with the NOTIFY's ID is the one taken (another ID is skipped), a
 * silent secondary gives null after the timeout, and NOTIFYs to many silent secondaries wait side by
 * side rather than one after another.
 */
class UdpNotifyChannelTest {
  private final UdpNotifyChannel channel = new UdpNotifyChannel();
  private final List<DatagramSocket> sockets = new ArrayList<>();

  @AfterEach
  void close() {
    channel.close();
    sockets.forEach(DatagramSocket::close);
  }

  private DatagramSocket secondary() throws Exception {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    s.setSoTimeout(5000);
    sockets.add(s);
    return s;
  }

  private static byte[] message(int id) {
    byte[] m = new byte[12];
    m[0] = (byte) (id >> 8);
    m[1] = (byte) id;
    m[2] = 0x20; // opcode NOTIFY
    return m;
  }

  @Test
  void theAnswerWithTheIdIsTakenAndAnotherIdSkipped() throws Exception {
    DatagramSocket s = secondary();
    CompletableFuture<byte[]> answer = channel.exchange((InetSocketAddress) s.getLocalSocketAddress(),
        message(0x1234), Duration.ofSeconds(5));
    DatagramPacket in = new DatagramPacket(new byte[512], 512);
    s.receive(in);
    assertThat(Arrays.copyOf(in.getData(), in.getLength())).isEqualTo(message(0x1234));
    byte[] other = message(0x4321);
    s.send(new DatagramPacket(other, other.length, in.getSocketAddress()));
    byte[] reply = message(0x1234);
    reply[2] |= (byte) 0x80; // QR
    s.send(new DatagramPacket(reply, reply.length, in.getSocketAddress()));
    assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo(reply);
  }

  @Test
  void aSecondaryOnIpv6LoopbackIsToldToo() throws Exception {
    DatagramSocket s;
    try {
      s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0));
    } catch (java.net.SocketException noIpv6) {
      Assumptions.abort("no IPv6 loopback here: " + noIpv6.getMessage());
      return;
    }
    sockets.add(s);
    s.setSoTimeout(5000);
    CompletableFuture<byte[]> answer = channel.exchange((InetSocketAddress) s.getLocalSocketAddress(), message(9),
        Duration.ofSeconds(5));
    DatagramPacket in = new DatagramPacket(new byte[512], 512);
    s.receive(in);
    byte[] reply = message(9);
    reply[2] |= (byte) 0x80;
    s.send(new DatagramPacket(reply, reply.length, in.getSocketAddress()));
    assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo(reply);
  }

  @Test
  void aSilentSecondaryGivesNullAfterTheTimeout() throws Exception {
    DatagramSocket s = secondary();
    long start = System.nanoTime();
    byte[] answer = channel.exchange((InetSocketAddress) s.getLocalSocketAddress(), message(7),
        Duration.ofMillis(200)).get(10, TimeUnit.SECONDS);
    assertThat(answer).isNull();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(190).toNanos());
  }

  @Test
  void moreNotifiesThanMayWaitAtOnceAreSentInTurnAndAllAnswered() throws Exception {
    DatagramSocket s = secondary();
    List<CompletableFuture<byte[]>> answers = new ArrayList<>();
    for (int i = 0; i < UdpNotifyChannel.MAX_IN_FLIGHT + 50; i++) {
      answers.add(channel.exchange((InetSocketAddress) s.getLocalSocketAddress(), message(i), Duration.ofMillis(300)));
    }
    for (CompletableFuture<byte[]> a : answers) {
      assertThat(a.get(30, TimeUnit.SECONDS)).isNull();
    }
  }

  /**
   * A NOTIFY queued behind a full set is sent when the set times out, even when every exchange of the set
   * expires at once and no datagram or new NOTIFY wakes the channel (it used to wait forever then).
   */
  @Test
  void aNotifyQueuedBehindAFullSetIsSentWhenTheSetTimesOut() throws Exception {
    try (UdpNotifyChannel one = new UdpNotifyChannel(1)) {
      DatagramSocket s = secondary();
      InetSocketAddress target = (InetSocketAddress) s.getLocalSocketAddress();
      CompletableFuture<byte[]> first = one.exchange(target, message(1), Duration.ofMillis(200));
      CompletableFuture<byte[]> queued = one.exchange(target, message(2), Duration.ofMillis(200));
      assertThat(first.get(10, TimeUnit.SECONDS)).isNull();
      assertThat(queued.get(10, TimeUnit.SECONDS)).as("the queued NOTIFY's outcome").isNull();
      DatagramPacket in = new DatagramPacket(new byte[512], 512);
      for (int id = 1; id <= 2; id++) {
        s.receive(in);
        assertThat(Arrays.copyOf(in.getData(), in.getLength())).isEqualTo(message(id));
      }
    }
  }

  @Test
  void aNotifyAfterCloseIsAnsweredAtOnce() throws Exception {
    channel.close();
    assertThat(channel.exchange((InetSocketAddress) secondary().getLocalSocketAddress(), message(1),
        Duration.ofSeconds(30)).get(5, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void manySilentSecondariesAreWaitedForSideBySide() throws Exception {
    List<CompletableFuture<byte[]>> answers = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      answers.add(channel.exchange((InetSocketAddress) secondary().getLocalSocketAddress(), message(i),
          Duration.ofSeconds(1)));
    }
    for (CompletableFuture<byte[]> a : answers) {
      assertThat(a.get(30, TimeUnit.SECONDS)).isNull();
    }
    // One after another would take 20 s; side by side about one timeout.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }
}

package io.wadns.transfer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * NOTIFY over UDP (RFC 1996 §3.5): one datagram from a port of our own, the reply awaited on it. The
 * socket is connected to the secondary, so only its datagrams are read; others with another ID are
 * skipped.
 */
final class UdpNotifyChannel implements NotifyChannel {
  @Override
  public byte[] exchange(InetSocketAddress target, byte[] message, Duration timeout) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(target);
      socket.send(new DatagramPacket(message, message.length));
      long deadline = System.nanoTime() + timeout.toNanos();
      byte[] buf = new byte[65535];
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return null;
        }
        socket.setSoTimeout((int) Math.max(1, left));
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(in);
        } catch (SocketTimeoutException e) {
          return null;
        }
        if (in.getLength() >= 12 && buf[0] == message[0] && buf[1] == message[1]) {
          return Arrays.copyOf(buf, in.getLength());
        }
      }
    }
  }
}

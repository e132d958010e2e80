package io.wadns.protocol;

import java.net.InetSocketAddress;

/**
 * Answers NOTIFY messages (RFC 1996) for the secondary zones; a server without secondary zones has
 * none, and NOTIFY is then answered NOTIMP like any other opcode it does not serve. Called on the
 * answering thread; must not block.
 */
@FunctionalInterface
public interface NotifyHandler {
  /** The reply to {@code packet} (a NOTIFY, QR clear) from {@code client}, or null to send none. */
  byte[] answer(byte[] packet, InetSocketAddress client);
}

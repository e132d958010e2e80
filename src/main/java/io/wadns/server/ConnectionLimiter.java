package io.wadns.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps concurrent TCP connections in total and per client (RFC 7766 §6.2.2). A client is an IPv4
 * address or an IPv6 /64, the block one host usually gets; past its cap a new connection is closed at
 * once. At the total cap a new connection closes the connection idle longest (by its
 * {@link TcpIdleTimer}, else since it was admitted) and takes its place, so that connections held open
 * by slow or idle clients cannot keep TCP closed to everyone else: RFC 7766 §6.2.3 lets a server close
 * idle connections, and one that has done nothing for longest is the cheapest to lose. Knot 3.2 stops
 * accepting at its cap ({@code tcp-handler.c}, "If throttled, temporarily ignore new TCP connections")
 * and NSD likewise ({@code server.c}, unless {@code tcp-reject-overflow}): a newcomer then waits in the
 * listen backlog until an idle timeout frees a place; here it is served at once. Past half the cap the
 * server is {@link #busy()} and {@link TcpIdleTimer} shortens idle timeouts.
 *
 * <p>Shared by every connection; thread-safe.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);

  private final int max;
  private final int maxPerClient;
  private final LongSupplier nanoClock;
  /** At the cap, close the connection idle longest for a newcomer (DNS), or refuse the newcomer (HTTP). */
  private final boolean makeRoom;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<Object, Integer> perClient = new ConcurrentHashMap<>();
  /** Connections admitted and not yet closed or chosen to make room, with when they were admitted. */
  private final ConcurrentHashMap<Channel, Long> admitted = new ConcurrentHashMap<>();

  /** @param nanoClock the clock of the connections' {@link TcpIdleTimer}s, {@code System::nanoTime} */
  ConnectionLimiter(int max, int maxPerClient, LongSupplier nanoClock) {
    this(max, maxPerClient, nanoClock, true);
  }

  /** A plain cap: past {@code max} connections a new one is closed at once (the operator's HTTP port). */
  static ConnectionLimiter refusingPast(int max) {
    return new ConnectionLimiter(max, max, System::nanoTime, false);
  }

  private ConnectionLimiter(int max, int maxPerClient, LongSupplier nanoClock, boolean makeRoom) {
    this.max = max;
    this.maxPerClient = maxPerClient;
    this.nanoClock = nanoClock;
    this.makeRoom = makeRoom;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Channel channel = ctx.channel();
    int total = open.incrementAndGet();
    Object client = client(channel.remoteAddress());
    int fromClient = client == null ? 0 : perClient.merge(client, 1, Integer::sum);
    // Counted until closed. The close future completes inside close(), while channelInactive comes a
    // loop turn later: idle timers that fire together then see each close they cause at once, and
    // stop closing when the server is no longer busy.
    channel.closeFuture().addListener(closed -> release(channel, client));
    if (fromClient > maxPerClient || total > max && !(makeRoom && closeIdlest())) {
      log.debug("refusing TCP connection from {}: {} open, {} from this client", channel.remoteAddress(),
          total - 1, fromClient - 1);
      ctx.close();
      return;
    }
    admitted.put(channel, nanoClock.getAsLong());
    if (!channel.isOpen()) {
      admitted.remove(channel); // closed meanwhile: its release has run already
    }
    ctx.fireChannelActive();
  }

  private void release(Channel channel, Object client) {
    admitted.remove(channel);
    open.decrementAndGet();
    if (client != null) {
      perClient.computeIfPresent(client, (k, n) -> n == 1 ? null : n - 1);
    }
  }

  /** More than half the cap is open: idle connections get the short timeout. */
  boolean busy() {
    return open.get() > max / 2;
  }

  int open() {
    return open.get();
  }

  /** Connections counted against {@code address}'s client. */
  int openFrom(InetAddress address) {
    return perClient.getOrDefault(client(new InetSocketAddress(address, 0)), 0);
  }

  /**
   * Closes the admitted connection whose last activity is oldest, to make room for a new one; false
   * when there is none. Removing it from {@link #admitted} first makes it ours alone: two connections
   * arriving at once never close the same one and both get in. The count drops when it has closed.
   */
  private boolean closeIdlest() {
    while (true) {
      Channel idlest = null;
      long oldest = Long.MAX_VALUE;
      for (Map.Entry<Channel, Long> e : admitted.entrySet()) {
        TcpIdleTimer timer = TcpIdleTimer.of(e.getKey());
        long since = timer == null ? e.getValue() : Math.max(e.getValue(), timer.lastActivity());
        if (idlest == null || since - oldest < 0) {
          idlest = e.getKey();
          oldest = since;
        }
      }
      if (idlest == null) {
        return false;
      }
      if (admitted.remove(idlest) != null) {
        log.debug("closing TCP connection from {}, idle {} ms, to make room at the cap of {}",
            idlest.remoteAddress(), (nanoClock.getAsLong() - oldest) / 1_000_000, max);
        idlest.close();
        return true;
      }
    }
  }

  /** The key a connection from {@code remote} is counted under; null when it has no IP address. */
  private static Object client(SocketAddress remote) {
    if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
      return null;
    }
    InetAddress address = inet.getAddress();
    if (address instanceof Inet6Address) {
      return new Prefix64(ByteBuffer.wrap(address.getAddress()).getLong());
    }
    return address;
  }

  /** The first 64 bits of an IPv6 address. */
  private record Prefix64(long bits) {}
}

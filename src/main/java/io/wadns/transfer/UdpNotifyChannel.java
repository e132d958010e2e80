package io.wadns.transfer;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NOTIFY over UDP (RFC 1996 §3.5), all of them at once: each NOTIFY goes from a socket of its own (a
 * port an off-path sender must guess, with the ID), connected to the secondary so only its datagrams
 * are read, and one thread waits on all the sockets together. A change told to hundreds of secondaries
 * is then hundreds of datagrams sent at once, and a secondary that does not answer holds up nobody.
 */
final class UdpNotifyChannel implements NotifyChannel {
  private static final Logger log = LoggerFactory.getLogger("wadns");

  /** One NOTIFY in flight. Confined to the selector thread once registered. */
  private static final class Exchange {
    final InetSocketAddress target;
    final byte[] message;
    final long timeout;
    final CompletableFuture<byte[]> answer = new CompletableFuture<>();
    DatagramChannel channel;
    /** Set when sent: the timeout runs from then, not from a wait in the queue. */
    long deadline;

    Exchange(InetSocketAddress target, byte[] message, long timeout) {
      this.target = target;
      this.message = message;
      this.timeout = timeout;
    }
  }

  /**
   * NOTIFYs waiting for their answer at once, at most: each holds a socket, and a reload of thousands of
   * zones told to several secondaries must not take every file descriptor of the server.
   */
  static final int MAX_IN_FLIGHT = 256;

  private final Selector selector;
  private final int maxInFlight;
  /** Exchanges registered with the selector; confined to its thread. */
  private int inFlight;
  private final Queue<Exchange> incoming = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private final ByteBuffer buffer = ByteBuffer.allocate(65535);
  private volatile boolean closed;

  UdpNotifyChannel() {
    this(MAX_IN_FLIGHT);
  }

  /** A channel with at most {@code maxInFlight} NOTIFYs waiting at once; tests take a small one. */
  UdpNotifyChannel(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot open a selector for NOTIFY", e);
    }
    this.thread = new Thread(this::run, "wadns-notify-io");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public CompletableFuture<byte[]> exchange(InetSocketAddress target, byte[] message, Duration timeout) {
    Exchange e = new Exchange(target, message, timeout.toNanos());
    incoming.add(e);
    if (closed) {
      drain(); // the selector thread is gone, or going: nobody else will answer these
    } else {
      selector.wakeup();
    }
    return e.answer;
  }

  private void run() {
    try {
      while (!closed) {
        long next = expireDue(System.nanoTime());
        // Started after the expired are finished and before the wait: a NOTIFY queued behind a full set
        // must not wait for a datagram or a wake-up that may never come once the whole set has expired.
        for (Exchange e; inFlight < maxInFlight && (e = incoming.poll()) != null; ) {
          if (start(e)) {
            next = Math.min(next, e.timeout);
          }
        }
        selector.select(next == Long.MAX_VALUE ? 0 : Math.max(1, next / 1_000_000));
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
          SelectionKey k = ready.next();
          ready.remove();
          if (k.isValid() && k.isReadable()) {
            read(k);
          }
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      if (!closed) {
        log.error("NOTIFY sockets failed: {}; NOTIFYs are no longer sent", e.toString(), e);
      }
    } finally {
      closed = true; // exchange() answers at once from now on
      for (SelectionKey k : selector.keys()) {
        if (k.isValid()) {
          finish(k, null, null);
        }
      }
      drain();
    }
  }

  /** Finishes the exchanges whose time is up; the nanoseconds to the next deadline, or Long.MAX_VALUE. */
  private long expireDue(long now) {
    long next = Long.MAX_VALUE;
    for (SelectionKey k : selector.keys()) {
      if (!k.isValid()) {
        continue; // cancelled: gone at the next select
      }
      Exchange e = (Exchange) k.attachment();
      if (e.deadline - now <= 0) {
        finish(k, null, null);
      } else {
        next = Math.min(next, e.deadline - now);
      }
    }
    return next;
  }

  /** Completes every exchange still queued: none will be sent. */
  private void drain() {
    for (Exchange e; (e = incoming.poll()) != null; ) {
      e.answer.complete(null);
    }
  }

  /**
   * Opens the exchange's socket, sends the NOTIFY and waits for its answer; false when that failed (the
   * exchange is completed with the failure).
   */
  private boolean start(Exchange e) {
    try {
      DatagramChannel ch = DatagramChannel.open(e.target.getAddress() instanceof Inet4Address
          ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
      e.channel = ch;
      ch.configureBlocking(false);
      ch.connect(e.target);
      ch.write(ByteBuffer.wrap(e.message));
      e.deadline = System.nanoTime() + e.timeout;
      ch.register(selector, SelectionKey.OP_READ, e);
      inFlight++;
      return true;
    } catch (IOException | RuntimeException ex) {
      close(e.channel);
      e.answer.completeExceptionally(ex); // logged by the sender as this target's problem
      return false;
    } catch (Error ex) {
      close(e.channel); // neither registered nor queued: nothing else would close it or answer it
      e.answer.completeExceptionally(ex);
      throw ex;
    }
  }

  /** A datagram from the secondary: the answer when it has the NOTIFY's ID, else skipped. */
  private void read(SelectionKey k) {
    Exchange e = (Exchange) k.attachment();
    buffer.clear();
    try {
      if (e.channel.read(buffer) < 0) {
        return;
      }
    } catch (IOException ex) {
      finish(k, null, ex); // ICMP port unreachable, for one: nobody listens there
      return;
    }
    byte[] got = Arrays.copyOf(buffer.array(), buffer.position());
    if (got.length >= 12 && got[0] == e.message[0] && got[1] == e.message[1]) {
      finish(k, got, null);
    }
  }

  private void finish(SelectionKey k, byte[] answer, Throwable error) {
    Exchange e = (Exchange) k.attachment();
    k.cancel();
    inFlight--;
    close(e.channel);
    if (error != null) {
      e.answer.completeExceptionally(error);
    } else {
      e.answer.complete(answer);
    }
  }

  private static void close(DatagramChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing was written through it that could be lost
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      thread.join(2000);
      selector.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException ignored) {
      // closing
    }
  }
}

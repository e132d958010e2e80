package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The TCP connection cap (RFC 7766 §6.2.2), shared by every connection as in {@link DnsServer}: at the
 * cap a new connection takes the place of the one idle longest; past half of it the server is busy.
 */
class ConnectionLimiterTest {
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  /** Counts the connections that got past the limiter. */
  private static final class ActiveCounter extends ChannelInboundHandlerAdapter {
    final AtomicInteger active = new AtomicInteger();

    @Override
    public boolean isSharable() {
      return true;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      active.incrementAndGet();
      ctx.fireChannelActive();
    }
  }

  private ConnectionLimiter limiter(int max) {
    return new ConnectionLimiter(max, max, clock::get);
  }

  /** A connection one millisecond after the previous one, with an idle timer as in the server. */
  private EmbeddedChannel connect(ConnectionLimiter limiter, ActiveCounter behind) {
    clock.addAndGet(1_000_000);
    return new EmbeddedChannel(limiter, new TcpIdleTimer(Duration.ofSeconds(10), Duration.ofSeconds(1),
        limiter::busy, clock::get), behind);
  }

  @Test
  void atTheCapANewConnectionClosesTheOneIdleLongest() {
    ConnectionLimiter limiter = limiter(2);
    ActiveCounter behind = new ActiveCounter();

    EmbeddedChannel first = connect(limiter, behind);
    EmbeddedChannel second = connect(limiter, behind);
    EmbeddedChannel third = connect(limiter, behind);

    assertThat(first.isOpen()).as("idle longest: closed to make room").isFalse();
    assertThat(second.isOpen()).isTrue();
    assertThat(third.isOpen()).as("past the cap, admitted").isTrue();
    assertThat(behind.active).hasValue(3);
    assertThat(limiter.open()).isEqualTo(2);
    second.finishAndReleaseAll();
    third.finishAndReleaseAll();
    assertThat(limiter.open()).isZero();
  }

  @Test
  void aConnectionThatWasAskedSomethingLastIsNotTheOneClosed() {
    ConnectionLimiter limiter = limiter(2);
    ActiveCounter behind = new ActiveCounter();
    EmbeddedChannel older = connect(limiter, behind);
    EmbeddedChannel younger = connect(limiter, behind);
    clock.addAndGet(1_000_000);
    older.writeInbound(Unpooled.wrappedBuffer(new byte[12])); // a whole query, after the younger connected
    older.releaseInbound();

    EmbeddedChannel newcomer = connect(limiter, behind);

    assertThat(older.isOpen()).as("active last").isTrue();
    assertThat(younger.isOpen()).as("idle longest").isFalse();
    assertThat(newcomer.isOpen()).isTrue();
    older.finishAndReleaseAll();
    newcomer.finishAndReleaseAll();
  }

  @Test
  void aStreamOfNewConnectionsKeepsTheCountAtTheCap() {
    ConnectionLimiter limiter = limiter(3);
    ActiveCounter behind = new ActiveCounter();
    List<EmbeddedChannel> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      all.add(connect(limiter, behind));
      assertThat(limiter.open()).isLessThanOrEqualTo(3);
    }

    assertThat(all.subList(97, 100)).allMatch(EmbeddedChannel::isOpen);
    assertThat(all.subList(0, 97)).noneMatch(EmbeddedChannel::isOpen);
    all.forEach(EmbeddedChannel::finishAndReleaseAll);
    assertThat(limiter.open()).isZero();
  }

  @Test
  void aClosedConnectionGivesItsPlaceBackAtOnce() {
    ConnectionLimiter limiter = limiter(1);
    ActiveCounter behind = new ActiveCounter();
    EmbeddedChannel first = connect(limiter, behind);

    first.close().syncUninterruptibly();
    assertThat(limiter.open()).isZero();
    EmbeddedChannel next = connect(limiter, behind);

    assertThat(next.isOpen()).isTrue();
    assertThat(limiter.open()).isEqualTo(1);
    next.finishAndReleaseAll();
    assertThat(limiter.open()).isZero();
  }

  @Test
  void theServerIsBusyPastHalfTheCap() {
    ConnectionLimiter limiter = limiter(4);
    ActiveCounter behind = new ActiveCounter();
    EmbeddedChannel a = connect(limiter, behind);
    EmbeddedChannel b = connect(limiter, behind);
    assertThat(limiter.busy()).as("2 of 4").isFalse();

    EmbeddedChannel c = connect(limiter, behind);
    assertThat(limiter.busy()).as("3 of 4").isTrue();

    c.close().syncUninterruptibly();
    assertThat(limiter.busy()).as("2 of 4 again").isFalse();
    a.finishAndReleaseAll();
    b.finishAndReleaseAll();
  }
}

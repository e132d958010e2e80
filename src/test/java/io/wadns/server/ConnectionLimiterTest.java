package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The TCP connection cap (RFC 7766 §6.2.2), shared by every connection as in {@link DnsServer}. */
class ConnectionLimiterTest {

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

  @Test
  void connectionsPastTheCapAreClosed() {
    ConnectionLimiter limiter = new ConnectionLimiter(2);
    ActiveCounter behind = new ActiveCounter();

    EmbeddedChannel first = new EmbeddedChannel(limiter, behind);
    EmbeddedChannel second = new EmbeddedChannel(limiter, behind);
    EmbeddedChannel third = new EmbeddedChannel(limiter, behind);

    assertThat(first.isOpen()).isTrue();
    assertThat(second.isOpen()).isTrue();
    assertThat(third.isOpen()).as("past the cap").isFalse();
    assertThat(behind.active).as("the closed one never reaches the handlers").hasValue(2);
    assertThat(limiter.open()).isEqualTo(2);
    first.finishAndReleaseAll();
    second.finishAndReleaseAll();
  }

  @Test
  void closingAConnectionMakesRoomForAnother() {
    ConnectionLimiter limiter = new ConnectionLimiter(1);
    EmbeddedChannel first = new EmbeddedChannel(limiter);
    EmbeddedChannel refused = new EmbeddedChannel(limiter);
    assertThat(refused.isOpen()).isFalse();

    first.close().syncUninterruptibly();
    assertThat(limiter.open()).isZero();
    EmbeddedChannel next = new EmbeddedChannel(limiter);

    assertThat(next.isOpen()).isTrue();
    assertThat(limiter.open()).isEqualTo(1);
    next.finishAndReleaseAll();
    assertThat(limiter.open()).isZero();
  }

  @Test
  void manyRefusedConnectionsDoNotUseUpTheCap() {
    ConnectionLimiter limiter = new ConnectionLimiter(3);
    EmbeddedChannel[] kept = {new EmbeddedChannel(limiter), new EmbeddedChannel(limiter),
        new EmbeddedChannel(limiter)};
    for (int i = 0; i < 100; i++) {
      assertThat(new EmbeddedChannel(limiter).isOpen()).isFalse();
    }
    assertThat(limiter.open()).isEqualTo(3);

    kept[1].close().syncUninterruptibly();
    assertThat(new EmbeddedChannel(limiter).isOpen()).isTrue();
    assertThat(limiter.open()).isEqualTo(3);
  }
}

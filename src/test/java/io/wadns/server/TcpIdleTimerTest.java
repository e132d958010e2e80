package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The idle timeout of one TCP connection (RFC 7766 §6.2.3), in an {@link EmbeddedChannel} with a
 * clock the test moves: 10 s normally, 1 s while the server is busy, restarted by each whole query and
 * each reply taken by the socket.
 */
class TcpIdleTimerTest {
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final AtomicBoolean busy = new AtomicBoolean();
  private EmbeddedChannel channel;
  private IdleEvents events;

  /** Closes the connection on the idle event, as the query handler does, and counts the events. */
  private static final class IdleEvents extends ChannelInboundHandlerAdapter {
    int count;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt == IdleStateEvent.ALL_IDLE_STATE_EVENT) {
        count++;
        ctx.close();
      }
    }
  }

  @BeforeEach
  void open() {
    events = new IdleEvents();
    channel = new EmbeddedChannel();
    channel.freezeTime();
    channel.pipeline().addLast(new TcpIdleTimer(Duration.ofSeconds(10), Duration.ofSeconds(1), busy::get,
        clock::get), events);
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  /** Moves the test clock and the channel's timers forward, 100 ms at a time. */
  private void advance(Duration d) {
    for (long left = d.toMillis(); left > 0; left -= 100) {
      long step = Math.min(100, left);
      clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(step));
      channel.advanceTimeBy(step, TimeUnit.MILLISECONDS);
      channel.runScheduledPendingTasks();
    }
  }

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeoutAndNotBefore() {
    advance(Duration.ofMillis(9900));
    assertThat(channel.isOpen()).as("after 9.9 s").isTrue();

    advance(Duration.ofMillis(200));
    assertThat(channel.isOpen()).as("after 10.1 s").isFalse();
    assertThat(events.count).isEqualTo(1);
  }

  @Test
  void whileTheServerIsBusyAnIdleConnectionIsClosedAfterOneSecond() {
    busy.set(true);
    advance(Duration.ofMillis(900));
    assertThat(channel.isOpen()).as("after 0.9 s").isTrue();

    advance(Duration.ofMillis(200));
    assertThat(channel.isOpen()).as("after 1.1 s").isFalse();
  }

  @Test
  void aConnectionIdleSinceBeforeTheServerTurnedBusyIsClosedWithinOneSecondOfIt() {
    advance(Duration.ofSeconds(5));
    busy.set(true);

    advance(Duration.ofMillis(1100));
    assertThat(channel.isOpen()).as("1.1 s after the server turned busy").isFalse();
  }

  @Test
  void aWholeQueryRestartsTheWait() {
    advance(Duration.ofSeconds(8));
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[12])); // the framing is ahead: a whole query
    channel.releaseInbound();

    advance(Duration.ofSeconds(8));
    assertThat(channel.isOpen()).as("8 s after the query").isTrue();
    advance(Duration.ofMillis(2100));
    assertThat(channel.isOpen()).as("10.1 s after the query").isFalse();
  }

  @Test
  void aReplyTakenBySocketRestartsTheWait() {
    advance(Duration.ofSeconds(8));
    channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[12]));
    channel.releaseOutbound();

    advance(Duration.ofSeconds(8));
    assertThat(channel.isOpen()).as("8 s after the reply").isTrue();
  }

  @Test
  void theLastActivityIsWhatTheConnectionLimiterReads() {
    TcpIdleTimer timer = TcpIdleTimer.of(channel);
    long opened = timer.lastActivity();
    advance(Duration.ofSeconds(3));
    assertThat(timer.lastActivity()).isEqualTo(opened);

    channel.writeInbound(Unpooled.wrappedBuffer(new byte[12]));
    channel.releaseInbound();

    assertThat(timer.lastActivity() - opened).isEqualTo(TimeUnit.SECONDS.toNanos(3));
  }
}

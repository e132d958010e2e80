package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The read pause waits only after a small batch that came in fast, after the batch's replies were
 * flushed, and for exactly the configured time; a quiet socket and full batches never wait.
 */
class UdpReadPauseTest {
  private static final long PAUSE = 200_000;

  private long now = 1_000_000_000L;
  private final List<String> events = new ArrayList<>();

  private EmbeddedChannel channel() {
    UdpReadPause pause = new UdpReadPause(PAUSE, () -> now, nanos -> {
      events.add("pause " + nanos);
      now += nanos;
    });
    ChannelInboundHandlerAdapter answers = new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        events.add("query");
      }

      @Override
      public void channelReadComplete(ChannelHandlerContext ctx) {
        events.add("flush");
      }
    };
    return new EmbeddedChannel(pause, answers);
  }

  /** A read of {@code queries} datagrams, {@code gapNanos} after the previous batch ended. */
  private void batch(EmbeddedChannel ch, int queries, long gapNanos) {
    now += gapNanos;
    for (int i = 0; i < queries; i++) {
      ch.pipeline().fireChannelRead(i);
    }
    ch.pipeline().fireChannelReadComplete();
  }

  @Test
  void aSmallBatchAtTenThousandQueriesASecondOrMoreWaitsAfterItsRepliesLeave() {
    EmbeddedChannel ch = channel();
    batch(ch, 3, 60_000); // 3 queries in 60 µs: 50,000 a second
    assertThat(events).containsExactly("query", "query", "query", "flush", "pause " + PAUSE);
  }

  @Test
  void aQuietSocketNeverWaits() {
    EmbeddedChannel ch = channel();
    batch(ch, 1, 500_000); // one query in 500 µs: 2,000 a second
    batch(ch, 2, 10_000_000);
    assertThat(events).doesNotContain("pause " + PAUSE).contains("flush");
  }

  @Test
  void aFullBatchReadsAgainAtOnce() {
    EmbeddedChannel ch = channel();
    batch(ch, UdpReadPause.SMALL_BATCH, 10_000);
    batch(ch, 16, 10_000);
    assertThat(events).doesNotContain("pause " + PAUSE);
  }

  @Test
  void queriesCaughtByAPauseDoNotMakeTheSocketLookBusy() {
    EmbeddedChannel ch = channel();
    batch(ch, 2, 100_000); // 2 in 100 µs: busy, pauses 200 µs
    batch(ch, 1, 0); // one query came during the pause: 1 in 200 µs, under 10,000 a second
    assertThat(pauses()).isEqualTo(1);
    batch(ch, 3, 0); // 3 in the time it took to answer the last one: busy again
    assertThat(pauses()).isEqualTo(2);
    batch(ch, 3, 0); // 3 during that pause: 3 in 200 µs, 15,000 a second
    assertThat(pauses()).isEqualTo(3);
    assertThat(events.get(events.size() - 2)).isEqualTo("flush");
  }

  @Test
  void busyMeansTenThousandQueriesASecondOrMoreAndFewerThanEight() {
    EmbeddedChannel ch = channel();
    batch(ch, 1, 100_000); // exactly 10,000 a second
    assertThat(pauses()).isEqualTo(1);
    batch(ch, 1, 100_001 - PAUSE); // 100,001 ns after the previous batch ended, the pause included
    assertThat(pauses()).isEqualTo(1);
    batch(ch, UdpReadPause.SMALL_BATCH - 1, 1_000);
    assertThat(pauses()).isEqualTo(2);
    batch(ch, UdpReadPause.SMALL_BATCH, 1_000);
    assertThat(pauses()).isEqualTo(2);
  }

  @Test
  void aReadThatFoundNothingDoesNotMoveTheClock() {
    EmbeddedChannel ch = channel();
    batch(ch, 1, 1_000_000);
    batch(ch, 0, 50_000);
    batch(ch, 1, 60_000); // 110 µs after the last query's batch, not 60 µs: not busy
    assertThat(pauses()).isZero();
  }

  private long pauses() {
    return events.stream().filter(e -> e.startsWith("pause")).count();
  }
}

package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The clock of one HTTP connection, on Netty's embedded channel with its time moved by hand. */
class RequestDeadlineTest {
  EmbeddedChannel channel;
  RequestDeadline deadline;

  @BeforeEach
  void open() {
    HttpLimits d = HttpLimits.DEFAULTS;
    deadline = new RequestDeadline(new HttpLimits(d.maxConnections(), Duration.ofSeconds(10), Duration.ofSeconds(30),
        d.writeTimeout(), d.maxRequestLineBytes(), d.maxHeaderBytes(), d.maxBodyBytes(), d.maxPipelined()));
    channel = new EmbeddedChannel();
    channel.freezeTime();
    channel.pipeline().addLast(deadline);
    channel.pipeline().fireChannelActive();
  }

  void after(Duration time) {
    channel.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
  }

  void receive(String bytes) {
    channel.writeInbound(Unpooled.copiedBuffer(bytes, java.nio.charset.StandardCharsets.US_ASCII));
    channel.inboundMessages().clear();
  }

  @Test
  void aRequestsDeadlineRunsFromItsFirstByteHoweverManyFollow() {
    receive("G");
    for (int i = 0; i < 99; i++) {
      after(Duration.ofMillis(100));
      receive("E");
    }
    assertThat(channel.isOpen()).as("9.9 s after the first byte").isTrue();
    after(Duration.ofMillis(200));
    assertThat(channel.isOpen()).as("10.1 s after the first byte").isFalse();
  }

  @Test
  void aWholeRequestStopsItsDeadlineAndTheNextRequestHasItsOwn() {
    receive("GET / HTTP/1.1\r\n");
    after(Duration.ofSeconds(9));
    deadline.requestRead();
    deadline.answered();
    after(Duration.ofSeconds(5));
    receive("GET / HTTP/1.1\r\n");
    after(Duration.ofSeconds(9));
    assertThat(channel.isOpen()).isTrue();
    after(Duration.ofSeconds(2));
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aConnectionIdleFromTheStartOrAfterItsAnswersIsClosedAfterTheIdleTimeout() {
    after(Duration.ofSeconds(29));
    assertThat(channel.isOpen()).isTrue();
    after(Duration.ofSeconds(2));
    assertThat(channel.isOpen()).as("never sent a byte").isFalse();

    open();
    receive("GET / HTTP/1.1\r\n\r\n");
    deadline.requestRead();
    deadline.answered();
    after(Duration.ofSeconds(29));
    assertThat(channel.isOpen()).isTrue();
    after(Duration.ofSeconds(2));
    assertThat(channel.isOpen()).as("idle after its answer").isFalse();
  }

  @Test
  void noTimerRunsWhileAnAnswerIsDue() {
    receive("POST /reload HTTP/1.1\r\n\r\n");
    deadline.requestRead();
    after(Duration.ofSeconds(60)); // a reload may take its time; the reload's own wait bounds it
    assertThat(channel.isOpen()).isTrue();
    deadline.answered();
    after(Duration.ofSeconds(31));
    assertThat(channel.isOpen()).isFalse();
  }
}

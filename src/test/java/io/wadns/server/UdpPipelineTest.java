package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.wadns.protocol.ProtocolZone;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each UDP channel gets its own read pause, before the query handler that consumes the datagrams (the
 * other way round the pause would never see a query), and none when the pause is zero.
 */
class UdpPipelineTest {
  private static final List<InetSocketAddress> LOOPBACK = List.of(new InetSocketAddress("127.0.0.1", 0));

  private static List<Class<?>> handlers(Duration pause) {
    ServerOptions options = new ServerOptions(LOOPBACK, 1, Duration.ofSeconds(10), 16,
        ServerOptions.DEFAULT_TCP_MAX_PER_CLIENT, ServerOptions.DEFAULT_TCP_MAX_IN_FLIGHT,
        ServerOptions.DEFAULT_TCP_BUSY_IDLE_TIMEOUT, pause);
    try (DnsServer server = new DnsServer(ProtocolZone.responder(), options)) {
      EmbeddedChannel one = new EmbeddedChannel(server.udpPipeline());
      EmbeddedChannel two = new EmbeddedChannel(server.udpPipeline());
      if (!pause.isZero()) { // a pause of its own per channel, the query handler shared
        assertThat(one.pipeline().first()).isNotSameAs(two.pipeline().first());
        assertThat(one.pipeline().last()).isSameAs(two.pipeline().last());
      }
      List<Class<?>> out = new ArrayList<>();
      for (Map.Entry<String, ChannelHandler> e : one.pipeline()) {
        out.add(e.getValue().getClass());
      }
      return out;
    }
  }

  @Test
  void thePauseComesBeforeTheQueryHandler() {
    assertThat(handlers(ServerOptions.DEFAULT_UDP_READ_PAUSE))
        .containsExactly(UdpReadPause.class, UdpQueryHandler.class);
  }

  @Test
  void aZeroPauseLeavesItOut() {
    assertThat(handlers(Duration.ZERO)).containsExactly(UdpQueryHandler.class);
  }

  @Test
  void pausesFromZeroToOneMillisecondAreAcceptedAndLongerOrNegativeOnesRefused() {
    assertThat(handlers(ServerOptions.MAX_UDP_READ_PAUSE)).contains(UdpReadPause.class);
    for (Duration bad : new Duration[] {Duration.ofNanos(1_000_001), Duration.ofNanos(-1)}) {
      assertThatThrownBy(() -> new ServerOptions(LOOPBACK, 1, Duration.ofSeconds(10), 16,
          ServerOptions.DEFAULT_TCP_MAX_PER_CLIENT, ServerOptions.DEFAULT_TCP_MAX_IN_FLIGHT,
          ServerOptions.DEFAULT_TCP_BUSY_IDLE_TIMEOUT, bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}

package io.wadns.health;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.wadns.health.CheckSpec.Protocol;
import io.wadns.text.AddressText;
import io.wadns.text.ErrorText;
import io.wadns.transport.NettyTransport;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * TCP, HTTP and HTTPS probes with Netty's non-blocking connects, on the monitor's own event loop:
 * a slow or silent endpoint costs a timer and a socket, never a thread, and never touches the
 * threads that answer queries.
 */
final class NettyProber implements Prober {
  private final EventLoopGroup group;
  private final Class<? extends SocketChannel> channelType;
  private final ProbeTls tls = new ProbeTls();

  NettyProber(EventLoopGroup group, NettyTransport transport) {
    this.group = group;
    this.channelType = transport.socketChannel();
  }

  @Override
  public void probe(AddressHealth target, Consumer<ProbeResult> done) {
    CheckSpec spec = target.spec();
    SslContext tlsContext = null;
    if (spec.protocol() == Protocol.HTTPS) {
      CompletableFuture<SslContext> made = tls.context(spec.insecure());
      if (!made.isDone()) {
        // The first https probe: it starts once the context is made, on the probe loop again. Outside the
        // dispatcher's guard then, so a probe that cannot start reports it here: an unreported probe would
        // hold one of the dispatcher's in-flight slots for good.
        made.whenComplete((c, e) -> group.execute(() -> {
          try {
            probe(target, done);
          } catch (RuntimeException | Error x) {
            done.accept(ProbeResult.failure("probe error: " + ErrorText.of(x)));
          }
        }));
        return;
      }
      if (made.isCompletedExceptionally()) {
        done.accept(ProbeResult.failure("cannot set up TLS: " + ErrorText.of(made.handle((c, e) -> e).join())));
        return;
      }
      tlsContext = made.join();
    }
    SslContext ctx = tlsContext;
    long started = System.nanoTime();
    AtomicBoolean reported = new AtomicBoolean();
    Consumer<ProbeResult> once = r -> {
      if (reported.compareAndSet(false, true)) {
        done.accept(r);
      }
    };
    int timeoutMillis = (int) Math.max(1, spec.timeout().toMillis());
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(channelType)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
        .option(ChannelOption.SO_LINGER, 0)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (ctx != null) {
              ch.pipeline().addLast(ctx.newHandler(ch.alloc(), host(target), spec.port()));
            }
            if (spec.protocol() != Protocol.TCP) {
              ch.pipeline().addLast(new HttpClientCodec(), new StatusReader(spec, once, started));
            }
          }
        });
    ChannelFuture connect = b.connect(new InetSocketAddress(target.address(), spec.port()));
    Channel channel = connect.channel();
    // One deadline for the whole probe: connect, TLS, request and status line.
    var deadline = channel.eventLoop().schedule(() -> {
      once.accept(ProbeResult.failure("timed out after " + spec.timeout().toMillis() + " ms"));
      channel.close();
    }, timeoutMillis, TimeUnit.MILLISECONDS);
    channel.closeFuture().addListener(f -> {
      deadline.cancel(false);
      if (connect.isSuccess()) {
        once.accept(ProbeResult.failure("connection closed before a status line"));
      }
    });
    connect.addListener((ChannelFuture f) -> {
      if (!f.isSuccess()) {
        deadline.cancel(false);
        once.accept(ProbeResult.failure("connect failed: " + reason(f.cause())));
        return;
      }
      if (spec.protocol() == Protocol.TCP) {
        once.accept(ProbeResult.success("connected in " + millis(started) + " ms"));
        f.channel().close();
        return;
      }
      DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, spec.path());
      request.headers().set(HttpHeaderNames.HOST, host(target));
      request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      request.headers().set(HttpHeaderNames.USER_AGENT, "wadns-health-check");
      f.channel().writeAndFlush(request).addListener(w -> {
        if (!w.isSuccess()) {
          once.accept(ProbeResult.failure("request failed: " + reason(w.cause())));
          f.channel().close();
        }
      });
    });
  }

  private static String host(AddressHealth target) {
    String host = target.spec().host();
    if (host != null) {
      return host;
    }
    String name = target.group().toString(true);
    return name.isEmpty() ? AddressText.of(target.address()) : name;
  }

  private static long millis(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  /**
   * Why a probe failed, never quoting what the endpoint sent: Netty's message for a reply that is not TLS is a
   * hex dump of the reply, which would make {@code /health} a banner grabber for any port.
   */
  private static String reason(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof NotSslRecordException) {
        return "not a TLS endpoint: the reply is not a TLS record";
      }
    }
    return ErrorText.of(t);
  }

  /** Reads the status line of the response and closes; the body is never read. */
  private static final class StatusReader extends ChannelInboundHandlerAdapter {
    private final CheckSpec spec;
    private final Consumer<ProbeResult> done;
    private final long started;

    StatusReader(CheckSpec spec, Consumer<ProbeResult> done, long started) {
      this.spec = spec;
      this.done = done;
      this.started = started;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof HttpResponse response && response.decoderResult().isFailure()) {
          // the decoder's message quotes the bytes it could not read: say what, not what they were
          done.accept(ProbeResult.failure("not an HTTP response"));
          ctx.close();
        } else if (msg instanceof HttpResponse response) {
          int status = response.status().code();
          if (spec.expects(status)) {
            done.accept(ProbeResult.success("HTTP " + status + " in " + millis(started) + " ms"));
          } else {
            done.accept(ProbeResult.failure("HTTP " + status + ", expected " + spec.expect().stream()
                .map(CheckSpec.StatusRange::toString).collect(Collectors.joining(","))));
          }
          ctx.close();
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    /** A failed TLS handshake closes the channel right after this event: report why, not just the close. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
        done.accept(ProbeResult.failure("TLS handshake failed: " + reason(handshake.cause())));
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      done.accept(ProbeResult.failure(reason(cause)));
      ctx.close();
    }
  }
}

package io.wadns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import io.wadns.protocol.Responder;
import io.wadns.rrl.ResponseRateLimiter;
import java.net.InetSocketAddress;
import io.wadns.protocol.Transport;

/**
 * Per-thread query and reply buffers, so answering a packet copies bytes but allocates nothing but
 * the pooled buffer the reply leaves in.
 */
final class Scratch {
  private static final int SIZE = 65535;
  private static final FastThreadLocal<Scratch> LOCAL = new FastThreadLocal<>() {
    @Override
    protected Scratch initialValue() {
      return new Scratch();
    }
  };

  private final byte[] in = new byte[SIZE];
  private final byte[] out = new byte[SIZE];

  /** Answers the readable bytes of {@code query}; null when the packet is to be dropped. */
  static ByteBuf answer(Responder responder, ByteBuf query, Transport transport, ByteBufAllocator alloc) {
    return answer(responder, query, transport, null, null, alloc);
  }

  /**
   * As {@link #answer(Responder, ByteBuf, Transport, ByteBufAllocator)}, for a known client and, over
   * UDP, with response rate limiting (null when off).
   */
  static ByteBuf answer(Responder responder, ByteBuf query, Transport transport, InetSocketAddress client,
      ResponseRateLimiter limiter, ByteBufAllocator alloc) {
    Scratch s = LOCAL.get();
    int length = query.readableBytes();
    if (length > SIZE) {
      return null;
    }
    query.getBytes(query.readerIndex(), s.in, 0, length);
    int n = responder.respond(s.in, length, transport, client, s.out);
    if (n == 0) {
      return null;
    }
    if (limiter != null && client != null) {
      switch (limiter.decide(client.getAddress(), s.out, n)) {
        case DROP -> {
          responder.rateLimited(false);
          return null;
        }
        case SLIP -> {
          // RFC-less but universal (ISC RRL): an empty TC=1 reply sends real clients to TCP.
          n = ResponseRateLimiter.slip(s.out, n);
          responder.rateLimited(true);
          if (n == 0) {
            return null;
          }
        }
        case SEND -> { }
      }
    }
    ByteBuf reply = alloc.directBuffer(n, n);
    reply.writeBytes(s.out, 0, n);
    return reply;
  }
}

package io.wadns.protocol;

import java.net.InetSocketAddress;

/**
 * Sees every packet the responder handles, after the fact: for metrics and the query log. Called
 * on the answering thread, so implementations must be cheap and must not block.
 */
public interface QueryObserver {
  /**
   * A reply was produced.
   *
   * @param client the sender, or null when the transport does not say
   * @param target the alias target that was picked, or null when the answer picked none
   * @param nanos time spent producing the reply
   */
  void answered(Transport transport, InetSocketAddress client, byte[] reply, int length, String target, long nanos);

  /** The packet was dropped unanswered (shorter than a header, or a response). */
  void dropped(Transport transport, InetSocketAddress client);

  /** Response rate limiting dropped a reply, or sent it as a truncated "slip" reply. */
  default void rateLimited(boolean slipped) {}

  QueryObserver NONE = new QueryObserver() {
    @Override
    public void answered(Transport t, InetSocketAddress c, byte[] r, int l, String target, long nanos) {}

    @Override
    public void dropped(Transport t, InetSocketAddress c) {}
  };
}

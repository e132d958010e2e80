package io.wadns.health;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

/**
 * The client TLS contexts of https probes, made when the first https probe asks for one: building
 * one loads the JDK's TLS stack, about half a second of a start on a busy CPU, which a server with no
 * https check never needs. Made off the probe loop (its other probes keep their timers), once; a
 * context that cannot be made stays failed, and each https probe reports why.
 */
final class ProbeTls {
  private CompletableFuture<SslContext> verifying;
  private CompletableFuture<SslContext> insecure;

  /** The context that checks the endpoint's certificate, or, for {@code insecure=true} checks, one that does not. */
  synchronized CompletableFuture<SslContext> context(boolean insecureCheck) {
    if (insecureCheck) {
      if (insecure == null) {
        insecure = CompletableFuture.supplyAsync(() -> build(true), ForkJoinPool.commonPool());
      }
      return insecure;
    }
    if (verifying == null) {
      verifying = CompletableFuture.supplyAsync(() -> build(false), ForkJoinPool.commonPool());
    }
    return verifying;
  }

  private static SslContext build(boolean insecureCheck) {
    try {
      SslContextBuilder builder = SslContextBuilder.forClient();
      if (insecureCheck) {
        builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
      }
      return builder.build();
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    }
  }
}

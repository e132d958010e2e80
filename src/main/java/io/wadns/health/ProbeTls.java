package io.wadns.health;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import javax.net.ssl.SSLException;

/**
 * The client TLS contexts of https probes, made on the first https probe that needs each: building
 * one loads the JDK's TLS stack, about half a second of a start on a busy CPU, which a server with
 * no https check never needs. Made once and kept.
 */
final class ProbeTls {
  private SslContext verifying;
  private SslContext insecure;

  /** The context that checks the endpoint's certificate, or, for {@code insecure=true} checks, one that does not. */
  synchronized SslContext context(boolean insecureCheck) throws SSLException {
    if (insecureCheck) {
      if (insecure == null) {
        insecure = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
      }
      return insecure;
    }
    if (verifying == null) {
      verifying = SslContextBuilder.forClient().build();
    }
    return verifying;
  }
}

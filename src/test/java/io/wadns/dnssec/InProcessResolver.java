package io.wadns.dnssec;

import java.time.Duration;
import java.util.List;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TSIG;

/**
 * An upstream for dnsjava's validating resolver that answers in the test's own process: the transport
 * settings a validator makes (port, TCP, EDNS, TSIG, timeout) have nothing to act on.
 */
abstract class InProcessResolver implements Resolver {
  @Override public void setPort(int port) {}
  @Override public void setTCP(boolean flag) {}
  @Override public void setIgnoreTruncation(boolean flag) {}
  @Override public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {}
  @Override public void setTSIGKey(TSIG key) {}
  @Override public void setTimeout(Duration timeout) {}
}

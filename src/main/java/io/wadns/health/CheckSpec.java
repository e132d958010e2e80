package io.wadns.health;

import java.time.Duration;
import java.util.List;

/**
 * How the addresses of one name are probed, as declared by its HEALTHCHECK record.
 *
 * @param protocol tcp, http or https
 * @param port the port probed on every address
 * @param interval time between the starts of two probes of one address
 * @param timeout a probe not done by then is a failure; never more than the interval
 * @param rise consecutive successes that mark a down address up
 * @param fall consecutive failures that mark an up address down
 * @param path http(s): the path requested
 * @param host http(s): the Host header (and TLS server name)
 * @param expect http(s): the statuses that count as success
 * @param insecure https: skip certificate verification
 */
public record CheckSpec(Protocol protocol, int port, Duration interval, Duration timeout, int rise, int fall,
    String path, String host, List<StatusRange> expect, boolean insecure) {

  /** What a probe does. */
  public enum Protocol {
    TCP,
    HTTP,
    HTTPS
  }

  /** An inclusive range of HTTP status codes. */
  public record StatusRange(int from, int to) {
    boolean contains(int status) {
      return status >= from && status <= to;
    }

    @Override
    public String toString() {
      return from == to ? Integer.toString(from) : from + "-" + to;
    }
  }

  public CheckSpec {
    expect = List.copyOf(expect);
  }

  boolean expects(int status) {
    for (StatusRange r : expect) {
      if (r.contains(status)) {
        return true;
      }
    }
    return false;
  }

  /** The longest an address can keep serving after it dies: fall probes, the last one timing out. */
  public Duration worstDetection() {
    return interval.multipliedBy(fall).plus(timeout);
  }
}

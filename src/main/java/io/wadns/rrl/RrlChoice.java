package io.wadns.rrl;

import io.wadns.rrl.ResponseRateLimiter.Settings;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Whether response rate limiting runs, with what settings, and why, decided once at start from
 * {@code --rrl-rate}, {@code --rrl-slip} and the listen addresses.
 *
 * <p>An authoritative server reachable from the internet is a reflector: a forged-source flood of one
 * query gets replies many times its size sent to the victim (12 times for an answer of 30 addresses,
 * 25 for a TXT of 1,100 octets: {@code RrlAmplificationTest}). So when the operator says nothing and
 * any listen address is not loopback (the wildcard addresses included), it is on at
 * {@link #DEFAULT_RATE} with slip 2: NSD's defaults ({@code rrl.h}: {@code RRL_LIMIT} 400, "in 2x qps,
 * the default is 200 qps", and {@code RRL_SLIP} 2) and the values Knot's {@code mod-rrl} documentation
 * configures. 200 identical replies a second to one /24 is far more than resolvers there
 * ask of one name and type (they cache it for its TTL), and past it every second reply still goes out
 * truncated, so a real client falls back to TCP, which is never limited; a flood is cut to about one
 * reply octet per query octet. On loopback only nobody can forge a source, and tests and benchmarks
 * send floods on purpose, so it stays off. {@code --rrl-rate 0} turns it off anywhere.
 *
 * @param settings the limiter's settings, empty when it is off
 * @param describe one line for the start-up log: on or off, the rate, and why
 */
public record RrlChoice(Optional<Settings> settings, String describe) {
  /** Identical replies per second to one client network when not configured (NSD's default). */
  public static final int DEFAULT_RATE = 200;

  /**
   * @param rate {@code --rrl-rate}: null when not given, 0 to turn it off
   * @param slip {@code --rrl-slip}
   * @param listen the addresses the server listens on
   * @throws IllegalArgumentException when the rate or the slip is out of range
   */
  public static RrlChoice of(Integer rate, int slip, List<InetAddress> listen) {
    Settings defaults = Settings.ofRate(DEFAULT_RATE).withSlip(slip); // checks the slip, even when off
    if (rate == null) {
      if (listen.stream().allMatch(InetAddress::isLoopbackAddress)) {
        return new RrlChoice(Optional.empty(),
            "response rate limiting off: listening on loopback only (--rrl-rate N turns it on)");
      }
      return new RrlChoice(Optional.of(defaults), "response rate limiting on by default (not only loopback): "
          + what(defaults) + " (--rrl-rate 0 turns it off)");
    }
    if (rate == 0) {
      return new RrlChoice(Optional.empty(), "response rate limiting off (--rrl-rate 0)");
    }
    if (rate < 0) {
      throw new IllegalArgumentException("the rate must be 0 (off) or between 1 and 1000000, got " + rate);
    }
    Settings asked = Settings.ofRate(rate).withSlip(slip);
    return new RrlChoice(Optional.of(asked), "response rate limiting on: " + what(asked));
  }

  private static String what(Settings s) {
    return s.responsesPerSecond() + " identical UDP replies per second per /" + s.ipv4PrefixLength() + " or /"
        + s.ipv6PrefixLength() + ", slip " + s.slip();
  }
}

package io.wadns.rrl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wadns.rrl.ResponseRateLimiter.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether rate limiting runs when the operator says nothing, says a rate, or says 0. */
class RrlChoiceTest {
  private static final Integer NOT_GIVEN = null;

  @Test
  void listeningOnLoopbackOnlyLeavesItOffByDefault() {
    RrlChoice choice = RrlChoice.of(NOT_GIVEN, 2, addresses("127.0.0.1", "::1", "127.0.0.53"));

    assertThat(choice.settings()).isEmpty();
    assertThat(choice.describe()).isEqualTo(
        "response rate limiting off: listening on loopback only (--rrl-rate N turns it on)");
  }

  @Test
  void listeningOnAnyOtherAddressTurnsItOnAtTheDefaultRate() {
    for (String other : List.of("192.0.2.53", "2001:db8::53", "0.0.0.0", "::", "10.1.2.3", "fe80::1")) {
      RrlChoice choice = RrlChoice.of(NOT_GIVEN, 2, addresses("127.0.0.1", other));

      assertThat(choice.settings()).as(other).contains(Settings.ofRate(RrlChoice.DEFAULT_RATE).withSlip(2));
    }
    assertThat(RrlChoice.DEFAULT_RATE).isEqualTo(200);
    assertThat(RrlChoice.of(NOT_GIVEN, 2, addresses("192.0.2.53")).describe()).isEqualTo(
        "response rate limiting on by default (not only loopback): 200 identical UDP replies per second per /24"
            + " or /56, slip 2 (--rrl-rate 0 turns it off)");
  }

  @Test
  void theDefaultRateKeepsTheSlipAsked() {
    assertThat(RrlChoice.of(NOT_GIVEN, 3, addresses("192.0.2.53")).settings())
        .contains(Settings.ofRate(200).withSlip(3));
  }

  @Test
  void aRateGivenIsUsedWhereverTheServerListens() {
    for (List<InetAddress> listen : List.of(addresses("127.0.0.1"), addresses("192.0.2.53"))) {
      RrlChoice choice = RrlChoice.of(15, 1, listen);

      assertThat(choice.settings()).contains(Settings.ofRate(15).withSlip(1));
      assertThat(choice.describe()).isEqualTo(
          "response rate limiting on: 15 identical UDP replies per second per /24 or /56, slip 1");
    }
  }

  @Test
  void rateZeroTurnsItOffEvenBeyondLoopback() {
    RrlChoice choice = RrlChoice.of(0, 2, addresses("192.0.2.53", "2001:db8::53"));

    assertThat(choice.settings()).isEmpty();
    assertThat(choice.describe()).isEqualTo("response rate limiting off (--rrl-rate 0)");
  }

  @Test
  void aNegativeRateOrABadSlipIsRefused() {
    assertThatThrownBy(() -> RrlChoice.of(-1, 2, addresses("192.0.2.53")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 (off)");
    assertThatThrownBy(() -> RrlChoice.of(NOT_GIVEN, 11, addresses("127.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slip");
  }

  private static List<InetAddress> addresses(String... literals) {
    return Arrays.stream(literals).map(RrlChoiceTest::address).toList();
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}

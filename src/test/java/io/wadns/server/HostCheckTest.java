package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpVersion;
import io.wadns.server.HostCheck.Verdict;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Host headers against the address a connection came in on: a table, no sockets. */
class HostCheckTest {
  @ParameterizedTest(name = "{0} with Host {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.1:8053    | 127.0.0.1:8053           | SERVED
      127.0.0.1:8053    | localhost:8053           | SERVED
      127.0.0.1:8053    | LOCALHOST:8053           | SERVED
      127.0.0.1:8053    | '  127.0.0.1:8053 '      | SERVED
      127.0.0.1:8053    | 127.0.0.1:8054           | MISDIRECTED
      127.0.0.1:8053    | 127.0.0.1                | MISDIRECTED
      127.0.0.1:80      | 127.0.0.1                | SERVED
      127.0.0.1:80      | 127.0.0.1:               | SERVED
      127.0.0.1:8053    | attacker.example:8053    | MISDIRECTED
      127.0.0.1:8053    | localhost.:8053          | MISDIRECTED
      127.0.0.1:8053    | 2130706433:8053          | MISDIRECTED
      127.0.0.1:8053    | ''                       | BAD_REQUEST
      127.0.0.1:8053    | 127.0.0.1:99999          | BAD_REQUEST
      127.0.0.1:8053    | 127.0.0.1:80a            | BAD_REQUEST
      127.0.0.1:8053    | [127.0.0.1]:8053         | MISDIRECTED
      127.0.0.1:8053    | [::ffff:127.0.0.1]:8053  | SERVED
      [::1]:8053        | [::1]:8053               | SERVED
      [::1]:8053        | [0:0:0:0:0:0:0:1]:8053   | SERVED
      [::1]:8053        | localhost:8053           | SERVED
      [::1]:8053        | ::1:8053                 | BAD_REQUEST
      [::1]:8053        | [::1:8053                | BAD_REQUEST
      [::1]:8053        | [::1]8053                | BAD_REQUEST
      192.0.2.1:8053    | 192.0.2.1:8053           | SERVED
      192.0.2.1:8053    | localhost:8053           | MISDIRECTED
      192.0.2.1:8053    | dns1.example.net:8053    | MISDIRECTED
      [2001:db8::1]:80  | [2001:DB8:0::1]          | SERVED
      """)
  void http11(String local, String host, Verdict verdict) {
    assertThat(HostCheck.check(address(local), HttpVersion.HTTP_1_1, List.of(host))).isEqualTo(verdict);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.1:8053    | SERVED
      [::1]:8053        | SERVED
      192.0.2.1:8053    | MISDIRECTED
      """)
  void http10WithoutHostIsServedOnLoopbackOnly(String local, Verdict verdict) {
    assertThat(HostCheck.check(address(local), HttpVersion.HTTP_1_0, List.of())).isEqualTo(verdict);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"127.0.0.1:8053", "192.0.2.1:8053"})
  void http11WithoutHostOrWithTwoIsABadRequest(String local) {
    assertThat(HostCheck.check(address(local), HttpVersion.HTTP_1_1, List.of())).isEqualTo(Verdict.BAD_REQUEST);
    assertThat(HostCheck.check(address(local), HttpVersion.HTTP_1_1, List.of(local, local)))
        .isEqualTo(Verdict.BAD_REQUEST);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"127.0.0.1:8053, 127.0.0.1:8053 or localhost:8053", "192.0.2.1:8053, 192.0.2.1:8053",
      "'[::1]:8053', '[::1]:8053 or localhost:8053'"})
  void theExpectedHostIsSpelledForMessages(String local, String expected) {
    assertThat(HostCheck.expected(address(local))).isEqualTo(expected);
  }

  static InetSocketAddress address(String text) {
    int colon = text.lastIndexOf(':');
    String host = text.substring(0, colon).replace("[", "").replace("]", "");
    return new InetSocketAddress(io.netty.util.NetUtil.createInetAddressFromIpAddressString(host),
        Integer.parseInt(text.substring(colon + 1)));
  }
}

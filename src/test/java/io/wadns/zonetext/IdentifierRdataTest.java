package io.wadns.zonetext;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The identifier and locator types dnsjava names but cannot read from text, read as BIND, Knot and NSD
 * read them; the expected RDATA are the RFCs' own examples in wire form.
 */
class IdentifierRdataTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      host.example. 60 EUI48 00-00-5e-00-53-2a                  | 00005e00532a
      host.example. 60 EUI64 00-00-5E-EF-10-00-00-2a            | 00005eef1000002a
      host.example. 60 NID 10 0014:4fff:ff20:ee64               | 000a00144fffff20ee64
      host.example. 60 NID 10 14:4fff:ff20:ee64                 | 000a00144fffff20ee64
      host.example. 60 L64 10 2001:db8:1140:1000                | 000a20010db811401000
      host.example. 60 L32 10 10.1.2.0                          | 000a0a010200
      host.example. 60 L64 10 2001:0DB8:1140:1000               | 000a20010db811401000
      host.example. 60 LP 10 l64-subnet1.example.com.            | 000a0b6c36342d7375626e657431076578616d706c6503636f6d00
      example.com. 60 CSYNC 66 3 A NS AAAA                       | 000000420003000460000008
      """)
  void readAsTheirRfcsWriteThem(String line, String rdata) {
    ReadRecords.Result r = ReadRecords.read(line + "\n");
    assertThat(r.problems()).isEmpty();
    assertThat(r.records()).singleElement().extracting(ReadRecords.WireRecord::rdata).isEqualTo(rdata);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      h 60 EUI48 00-00-5e-00-53                   | EUI48 address '00-00-5e-00-53' is not 6 groups of 2 hex digits
      h 60 EUI48 00:00:5e:00:53:2a                | EUI48 address '00:00:5e:00:53:2a' is not 6 groups
      h 60 EUI64 00-00-5e-ef-10-00-00-zz          | is not 8 groups of 2 hex digits
      h 60 NID 10 14:4fff:ff20                    | NID node ID '14:4fff:ff20' is not 4 groups of 1 to 4 hex digits
      h 60 NID 10 14:4fff:ff20:ee640              | is not 4 groups of 1 to 4 hex digits
      h 60 NID 10 14:4fff:ff20:ee64:1             | is not 4 groups of 1 to 4 hex digits
      h 60 EUI48 0-00-5e-00-53-2a                 | is not 6 groups of 2 hex digits
      h 60 L32 10 10.1.2                          | L32 locator '10.1.2' is not an IPv4 address
      h 60 NID 70000 0014:4fff:ff20:ee64          | NID preference '70000' is not a number from 0 to 65535
      """)
  void badFieldsAreNamed(String line, String message) {
    assertThat(ReadRecords.read("$ORIGIN example.\n" + line + "\n").problems()).singleElement().asString()
        .contains(message);
  }
}

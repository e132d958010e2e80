package io.wadns.zonetext;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.zone.RecordTypes;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** Every type dnsjava names is read as dnsjava reads it, in either case, whichever way it is found. */
class TypeNamesTest {
  @Test
  void everyNamedTypeIsFoundAsDnsjavaFindsIt() {
    RecordTypes.register(); // ALIAS and HEALTHCHECK, in the private-use range
    int named = 0;
    for (int type = 1; type <= 0xFFFF; type++) {
      String name = Type.string(type);
      if (name.startsWith("TYPE")) {
        continue;
      }
      named++;
      assertThat(typeOf(name)).as(name).isEqualTo(type);
      assertThat(typeOf(name.toLowerCase(Locale.ROOT))).as(name).isEqualTo(type);
    }
    assertThat(named).as("types dnsjava names").isGreaterThan(80);
    assertThat(typeOf("ALIAS")).isEqualTo(RecordTypes.ALIAS);
  }

  @Test
  void theGenericFormAndUnknownNames() {
    assertThat(typeOf("TYPE65000")).isEqualTo(65000);
    assertThat(typeOf("type1")).isEqualTo(Type.A);
    assertThat(typeOf("NOSUCHTYPE")).isEqualTo(TypeNames.NOT_FOUND);
    assertThat(typeOf("AX")).isEqualTo(TypeNames.NOT_FOUND);
  }

  private static int typeOf(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    return TypeNames.type(bytes, bytes.length);
  }
}

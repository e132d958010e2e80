package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SignatureException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** DER to RFC 6605 §4's fixed-length r || s. */
class EcdsaSignatureFormatTest {
  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void shortIntegersAreLeftPaddedAndDerSignOctetsDropped() throws SignatureException {
    // r = 0x01 (one octet), s = 0x80 0x01 (high bit set, so DER prefixes a zero octet).
    byte[] der = hex("30 08 02 01 01 02 03 00 80 01");
    byte[] raw = EcdsaSignatureFormat.derToConcatenated(der, 4);
    assertThat(raw).isEqualTo(hex("00000001 00008001"));
  }

  @Test
  void malformedDerIsRefused() {
    assertThatThrownBy(() -> EcdsaSignatureFormat.derToConcatenated(hex("31 00"), 32))
        .isInstanceOf(SignatureException.class);
    assertThatThrownBy(() -> EcdsaSignatureFormat.derToConcatenated(hex("30 06 02 01 01 02 02 01"), 32))
        .isInstanceOf(SignatureException.class);
    assertThatThrownBy(() -> EcdsaSignatureFormat.derToConcatenated(hex("30 06 02 01 01 02 01 01 00"), 32))
        .isInstanceOf(SignatureException.class);
  }
}

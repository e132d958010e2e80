package io.wadns.dnssec;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;

/** The P-256 curve (secp256r1) of RFC 6605, as the JDK names it. */
final class EcdsaP256 {
  static final ECParameterSpec PARAMETERS = parameters();

  private EcdsaP256() {}

  private static ECParameterSpec parameters() {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec("secp256r1"));
      return p.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no P-256 curve (secp256r1)", e);
    }
  }
}

package io.wadns.cli;

import io.wadns.dnssec.KeyAlgorithm;
import picocli.CommandLine;

/** Parses {@code --algorithm} as BIND does: a number (13) or a mnemonic (ECDSAP256SHA256). */
final class KeyAlgorithmConverter implements CommandLine.ITypeConverter<KeyAlgorithm> {
  @Override
  public KeyAlgorithm convert(String value) {
    return KeyAlgorithm.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
        "unsupported algorithm '" + (value.length() > 20 ? value.substring(0, 20) + "..." : value)
            + "': use 13 (ECDSAP256SHA256), 15 (ED25519) or 8 (RSASHA256)"));
  }
}

package io.wadns.dnssec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Key pairs made once with dnssec-keygen and ldns-keygen, for tests that need no external tool. */
final class TestKeys {
  private TestKeys() {}

  /** dnssec-keygen -a ECDSAP256SHA256 -f KSK example.com */
  static final String ECDSA_BASE = "Kexample.com.+013+45264";
  static final String ECDSA_SECRET = "DFWAOREbUEI1faQaxssDXBbQTKUe63/iUOi9VM+v4oI=";
  static final String ECDSA_KEY = """
      ; This is a key-signing key, keyid 45264, for example.com.
      ; Created: 20261130063219 (Mon Nov 30 06:32:19 2026)
      ; Publish: 20261130063219 (Mon Nov 30 06:32:19 2026)
      ; Activate: 20261130063219 (Mon Nov 30 06:32:19 2026)
      example.com. IN DNSKEY 257 3 13 cZ5LiX3vurOh5bOv8SQXgyLZoFaMuo34aNLdWwC9eTWNj5o+IgTrP8ov sgMU00sFpUbIBPcuKh3GwADL7lRlIA==
      """;
  static final String ECDSA_PRIVATE = """
      Private-key-format: v1.3
      Algorithm: 13 (ECDSAP256SHA256)
      PrivateKey: %s
      Created: 20261130063219
      Publish: 20261130063219
      Activate: 20261130063219
      """.formatted(ECDSA_SECRET);

  /** dnssec-keygen -a ED25519 -P 20250101000000 -A +1d -I +30d -D +40d Example.COM */
  static final String ED25519_BASE = "Kexample.com.+015+16846";
  static final String ED25519_SECRET = "sCZlNH1AWQBftr59jGxi8Eo7tGqlHncE20IxA093CCo=";
  static final String ED25519_KEY = """
      ; This is a zone-signing key, keyid 16846, for Example.COM.
      ; Created: 20261130063219 (Mon Nov 30 06:32:19 2026)
      ; Publish: 20250101000000 (Wed Jan  1 00:00:00 2025)
      ; Activate: 20261201063219 (Tue Dec  1 06:32:19 2026)
      ; Inactive: 20261230063219 (Wed Dec 30 06:32:19 2026)
      ; Delete: 20270109063219 (Sat Jan  9 06:32:19 2027)
      Example.COM. IN DNSKEY 256 3 15 Ccw9X8Bu9U4uO2moFsdgHA9uI0ZlR6bUy05W4XnhVy0=
      """;
  static final String ED25519_PRIVATE = """
      Private-key-format: v1.3
      Algorithm: 15 (ED25519)
      PrivateKey: %s
      Created: 20261130063219
      Publish: 20250101000000
      Activate: 20261201063219
      Inactive: 20261230063219
      Delete: 20270109063219
      """.formatted(ED25519_SECRET);

  /** ldns-keygen -a RSASHA256 -b 1024 example.org */
  static final String RSA_BASE = "Kexample.org.+008+57771";
  static final String RSA_PRIVATE_EXPONENT = "HuIF2gzLNc8opp9VWwwJThQsnFcy2lg6nS8+GTjr8rKT4OF/xdEx/DuntnugfAfM36jaw+v+FAwtQ+TvhyfxKqHXmDW4RTb4diaxodrE6jushN5fxi/FF6wtfdE8Vj/apIR5ZLaG1pGCWkd3tpd99T7667Tw0dcqrty/SLjxrAE=";
  static final String RSA_KEY = """
      example.org.\tIN\tDNSKEY\t256 3 8 AwEAAeUjPBUPT2ZY0JuTfWrIKVT9YfIkFqafBjbUiOzuJuITm9JdKvX4of57hUsS5T1OP82e+tWtznEJv0F6BwQv41TmaXJvq2QZOeAJqqpvKq5h1qqp9wzYdv1pcS+0qULvVjGs/TLsvNdKwvO3zOpJ/V4B26yvLrwMV6noqMTSvCLx ;{id = 57771 (zsk), size = 1024b}
      """;
  static final String RSA_PRIVATE = """
      Private-key-format: v1.2
      Algorithm: 8 (RSASHA256)
      Modulus: 5SM8FQ9PZljQm5N9asgpVP1h8iQWpp8GNtSI7O4m4hOb0l0q9fih/nuFSxLlPU4/zZ761a3OcQm/QXoHBC/jVOZpcm+rZBk54Amqqm8qrmHWqqn3DNh2/WlxL7SpQu9WMaz9Muy810rC87fM6kn9XgHbrK8uvAxXqeioxNK8IvE=
      PublicExponent: AQAB
      PrivateExponent: %s
      Prime1: /xIhd4H1TEbVET2qz3Dl0Txqt8M1Zo08whMUZRQuTgkKBIaVA80ozzYqRP5JA87m/cnmk4LytPB6FTnobK9msQ==
      Prime2: 5fjrb38qBM65fzMMExxSrVTDf+DDJEL521th62Ll9pH6GDitKCjU7pUrPV04hsRW7zKIaLDHHDTJL/gUAkgQQQ==
      Exponent1: yjaheZD52wK8n/J3nAUw7PQs1opXp3mJFYLyxD9/hjX8TyIyuNTI6Z1TXWcKk45P6htKRN+ncnLDFljWPnO/wQ==
      Exponent2: 31Y0Xx2iEvUoVI2gplaVPFvbWK9RFEAvIobGu7BaIHF37lnsX9n3oJQhYADOSqMWwknTC8jSNWRWFk3YMLcHgQ==
      Coefficient: AkHfdmENl+TvAuJ3qXaVb3dZ5mZG4Lx9RWDB19NKQxb19U+4ORl5bWgwLMGlp6CrNVOscuyW4CXJUa6z+kjtJw==
      """.formatted(RSA_PRIVATE_EXPONENT);

  /** Writes {@code base}.key and {@code base}.private (mode 600) into {@code dir}; returns the .key. */
  static Path write(Path dir, String base, String key, String privateText) {
    try {
      Path keyFile = dir.resolve(base + ".key");
      Files.writeString(keyFile, key);
      Path privateFile = dir.resolve(base + ".private");
      Files.writeString(privateFile, privateText);
      Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
      return keyFile;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

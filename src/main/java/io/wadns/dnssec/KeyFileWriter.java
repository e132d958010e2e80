package io.wadns.dnssec;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Writes a key pair in BIND's format ({@code K<zone>.+<alg>+<tag>.key} and {@code .private},
 * Private-key-format v1.3), so BIND, ldns and Knot's {@code keymgr import-bind} read it. Each file is
 * written under a temporary name and linked into place, so no reader sees half a file and an existing
 * file is never replaced; the private file is created with mode 600, never readable by others.
 */
public final class KeyFileWriter {
  private KeyFileWriter() {}

  /** The two files written: the .key and the .private. */
  public record Written(Path publicFile, Path privateFile) {}

  /**
   * Writes {@code key} into {@code dir}, the .private first so a reader that finds the .key finds its
   * pair. Throws {@link FileAlreadyExistsException} if either file exists; nothing is overwritten.
   */
  public static Written write(Path dir, ZoneKey key) throws IOException {
    KeyFileName name = KeyFileName.of(key.zone(), key.algorithm().number(), key.tag());
    Path publicFile = dir.resolve(name.publicFile());
    Path privateFile = dir.resolve(name.privateFile());
    for (Path p : new Path[] {publicFile, privateFile}) {
      if (Files.exists(p)) {
        throw new FileAlreadyExistsException(p.toString(), null, "key file exists; refusing to overwrite");
      }
    }
    byte[] secret = privateText(key).getBytes(StandardCharsets.US_ASCII);
    try {
      writeNew(privateFile, secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    writeNew(publicFile, publicText(key).getBytes(StandardCharsets.US_ASCII));
    return new Written(publicFile, privateFile);
  }

  /** Writes a file that must not exist yet, owner-only (mode 600) from its creation. */
  private static void writeNew(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, ".wadns-", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(content));
        ch.force(true);
      }
      // link(2) fails if the target exists, where rename(2) would silently replace it.
      Files.createLink(target, temp);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The .key file: BIND's comment lines, then the DNSKEY record. */
  static String publicText(ZoneKey key) {
    StringBuilder b = new StringBuilder();
    b.append("; This is a ").append(key.isSep() ? "key-signing" : "zone-signing")
        .append(" key, keyid ").append(key.tag()).append(", for ").append(key.zone()).append('\n');
    for (KeyTiming.Field f : KeyTiming.Field.values()) {
      Optional<Instant> t = key.timing().get(f);
      t.ifPresent(i -> b.append("; ").append(f.label).append(": ")
          .append(KeyTiming.formatBindTime(i)).append(" (").append(i).append(")\n"));
    }
    b.append(key.zone()).append(" IN DNSKEY ").append(key.dnskey().rdataToString()).append('\n');
    return b.toString();
  }

  /** The .private file in Private-key-format v1.3. */
  static String privateText(ZoneKey key) {
    StringBuilder b = new StringBuilder();
    b.append("Private-key-format: v1.3\n");
    b.append("Algorithm: ").append(key.algorithm().number()).append(" (").append(key.algorithm().name())
        .append(")\n");
    PrivateKey pk = key.privateKey();
    switch (key.algorithm()) {
      case ECDSAP256SHA256 -> field(b, "PrivateKey", fixed(((ECPrivateKey) pk).getS(), 32));
      case ED25519 -> field(b, "PrivateKey", ((EdECPrivateKey) pk).getBytes()
          .orElseThrow(() -> new IllegalStateException("Ed25519 key without its seed")));
      case RSASHA256 -> {
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) pk;
        field(b, "Modulus", unsigned(rsa.getModulus()));
        field(b, "PublicExponent", unsigned(rsa.getPublicExponent()));
        field(b, "PrivateExponent", unsigned(rsa.getPrivateExponent()));
        field(b, "Prime1", unsigned(rsa.getPrimeP()));
        field(b, "Prime2", unsigned(rsa.getPrimeQ()));
        field(b, "Exponent1", unsigned(rsa.getPrimeExponentP()));
        field(b, "Exponent2", unsigned(rsa.getPrimeExponentQ()));
        field(b, "Coefficient", unsigned(rsa.getCrtCoefficient()));
      }
      default -> throw new IllegalArgumentException(key.algorithm().name());
    }
    for (KeyTiming.Field f : KeyTiming.Field.values()) {
      key.timing().get(f).ifPresent(t -> b.append(f.label).append(": ")
          .append(KeyTiming.formatBindTime(t)).append('\n'));
    }
    return b.toString();
  }

  private static void field(StringBuilder b, String name, byte[] value) {
    b.append(name).append(": ").append(Base64.getEncoder().encodeToString(value)).append('\n');
    Arrays.fill(value, (byte) 0);
  }

  /** Big-endian magnitude without the sign byte {@link BigInteger#toByteArray()} may add. */
  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  /** The P-256 scalar as exactly {@code length} bytes, left-padded with zeros, as BIND writes it. */
  private static byte[] fixed(BigInteger n, int length) {
    byte[] u = unsigned(n);
    byte[] out = new byte[length];
    System.arraycopy(u, 0, out, length - u.length, u.length);
    return out;
  }
}

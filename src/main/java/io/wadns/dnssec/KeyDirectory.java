package io.wadns.dnssec;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;

/**
 * Loads the keys of one zone from a folder of BIND-format key pairs ({@code K<zone>.+<alg>+<tag>.key}
 * and {@code .private}, as {@code dnssec-keygen}, {@code ldns-keygen}, Knot's {@code keymgr} and
 * {@code wadns keygen} write them). All or nothing: the result holds keys only when every key file
 * of the zone is valid, otherwise every problem found. Other files in the folder are ignored.
 */
public final class KeyDirectory {
  /** A zone has a handful of keys; even a careful rollover of both KSK and ZSK needs under ten. */
  static final int MAX_KEYS_PER_ZONE = 64;

  private KeyDirectory() {}

  /** The outcome of a load: the zone's keys when {@code problems} is empty. */
  public record Result(ZoneKeys keys, List<KeyProblem> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** Loads every key of {@code zone} found in {@code dir}; the zone name matches in any case. */
  public static Result load(Path dir, Name zone) {
    List<KeyProblem> problems = new ArrayList<>();
    String open = writableByOthers(dir);
    if (open != null) {
      problems.add(new KeyProblem(dir.toString(), 0, open));
      return new Result(null, List.copyOf(problems));
    }
    List<Path> files = keyFiles(dir, zone, problems);
    if (files.size() > MAX_KEYS_PER_ZONE) {
      problems.add(new KeyProblem(dir.toString(), 0, files.size() + " keys for " + zone
          + "; more than " + MAX_KEYS_PER_ZONE + " is not a key set"));
    }
    if (!problems.isEmpty()) {
      return new Result(null, List.copyOf(problems));
    }
    List<ZoneKey> keys = new ArrayList<>();
    for (Path file : files) {
      try {
        keys.add(readKey(file, Optional.of(zone)));
      } catch (KeyFileException e) {
        problems.add(e.problem());
      }
    }
    return problems.isEmpty()
        ? new Result(new ZoneKeys(zone, keys), List.of())
        : new Result(null, List.copyOf(problems));
  }

  /** The {@code .key} files of {@code zone} in {@code dir}, sorted by name. */
  /**
   * Why any user could add or swap key files in {@code dir} (a folder others may write without the
   * sticky bit), or null: a key added there would sign the zone, and its DS be printed for the parent.
   */
  static String writableByOthers(Path dir) {
    try {
      Object mode = Files.getAttribute(dir, "unix:mode");
      if (mode instanceof Integer m && (m & 0002) != 0 && (m & 01000) == 0) {
        return "the keys folder is writable by every user (mode " + Integer.toOctalString(m & 07777)
            + "), so anyone could add a key the zone would be signed with; run: chmod o-w " + dir;
      }
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      // no unix attributes (another platform), or no folder: the listing says so
    }
    return null;
  }

  private static List<Path> keyFiles(Path dir, Name zone, List<KeyProblem> problems) {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      problems.add(new KeyProblem(dir.toString(), 0, "not a directory"));
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "K*.key")) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        Optional<KeyFileName> parsed = KeyFileName.parse(name.substring(0, name.length() - ".key".length()));
        if (parsed.isPresent() && parsed.get().isFor(zone)) {
          files.add(p);
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      problems.add(new KeyProblem(dir.toString(), 0, "cannot list key files: " + e.getClass().getSimpleName()));
    }
    files.sort(null);
    return files;
  }

  /**
   * Reads one key pair given its {@code .key} file; the {@code .private} file sits beside it. When
   * {@code zone} is given, the DNSKEY's owner must be that zone.
   */
  public static ZoneKey readKey(Path keyFile, Optional<Name> zone) throws KeyFileException {
    String fileName = keyFile.getFileName().toString();
    Optional<KeyFileName> name = fileName.endsWith(".key")
        ? KeyFileName.parse(fileName.substring(0, fileName.length() - ".key".length()))
        : Optional.empty();
    if (name.isEmpty()) {
      throw new KeyFileException(keyFile, 0, "not a key file name (expected K<zone>.+<alg>+<tag>.key)");
    }
    PublicKeyFile pub = PublicKeyFile.read(keyFile);
    DNSKEYRecord dnskey = pub.dnskey();
    checkDnskey(keyFile, pub.line(), dnskey, name.get(), zone);
    Path privateFile = keyFile.resolveSibling(name.get().privateFile());
    PrivateKeyFile priv = PrivateKeyFile.read(privateFile, dnskey);
    PublicKey publicKey;
    try {
      publicKey = dnskey.getPublicKey();
    } catch (DNSSEC.DNSSECException e) {
      throw new KeyFileException(keyFile, pub.line(), "malformed public key: " + e.getMessage());
    }
    // RFC 5702 §2: RSA/SHA-256 keys are 512 to 4096 bits; a larger one would make every signature slow.
    if (publicKey instanceof java.security.interfaces.RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      if (bits < 512 || bits > 4096) {
        throw new KeyFileException(keyFile, pub.line(), "an RSA key of " + bits + " bits (RFC 5702 allows 512 to"
            + " 4096)");
      }
    }
    KeyTiming timing = merge(priv.timing(), pub.timing());
    // RFC 5011 §7: revoking a key publishes it with the REVOKE flag, self-signed; wadns does not do that, so
    // a key set to be revoked is refused from the start rather than go on signing past its Revoke time.
    if (timing.revoke().isPresent()) {
      throw new KeyFileException(privateFile, 0, "the key has a Revoke time (RFC 5011), which wadns does not carry"
          + " out; take it out (dnssec-settime -R none) or remove the key");
    }
    return new ZoneKey(name.get().base(), dnskey, priv.algorithm(), timing, publicKey, priv.privateKey());
  }

  private static void checkDnskey(Path file, int line, DNSKEYRecord dnskey, KeyFileName name,
      Optional<Name> zone) throws KeyFileException {
    if (zone.isPresent() && !dnskey.getName().equals(zone.get())) {
      throw new KeyFileException(file, line, "the DNSKEY's owner " + dnskey.getName()
          + " is not the zone " + zone.get());
    }
    if (!name.isFor(dnskey.getName())) {
      throw new KeyFileException(file, line, "the DNSKEY's owner " + dnskey.getName()
          + " is not the zone in the file name (" + name.zone() + ")");
    }
    // RFC 4034 §2.1.1: without the Zone Key flag the key must not be used for zone signatures.
    if ((dnskey.getFlags() & DNSKEYRecord.Flags.ZONE_KEY) == 0) {
      throw new KeyFileException(file, line, "not a zone key (flags " + dnskey.getFlags()
          + "; expected 256 or 257)");
    }
    // RFC 5011 §7: a revoked key is published only to announce its revocation; wadns does not do that.
    if ((dnskey.getFlags() & DNSKEYRecord.Flags.REVOKE) != 0) {
      throw new KeyFileException(file, line, "the key is revoked (flag 128); remove it from the folder");
    }
    // RFC 4034 §2.1.2: the protocol field must be 3.
    if (dnskey.getProtocol() != 3) {
      throw new KeyFileException(file, line, "protocol " + dnskey.getProtocol() + " (must be 3)");
    }
    if (KeyAlgorithm.ofNumber(dnskey.getAlgorithm()).isEmpty()) {
      throw new KeyFileException(file, line, "unsupported algorithm " + dnskey.getAlgorithm()
          + " (wadns signs with 8 RSASHA256, 13 ECDSAP256SHA256, 15 ED25519)");
    }
    if (name.algorithm() != dnskey.getAlgorithm()) {
      throw new KeyFileException(file, line, "the file name says algorithm " + name.algorithm()
          + " but the DNSKEY's is " + dnskey.getAlgorithm());
    }
    if (name.tag() != dnskey.getFootprint()) {
      throw new KeyFileException(file, line, "the file name says key tag " + name.tag()
          + " but the DNSKEY's tag is " + dnskey.getFootprint());
    }
  }

  /** BIND keeps the metadata in the .private file; the .key comments fill in only what it lacks. */
  private static KeyTiming merge(KeyTiming fromPrivate, KeyTiming fromPublic) {
    KeyTiming t = fromPublic;
    for (KeyTiming.Field f : KeyTiming.Field.values()) {
      Optional<java.time.Instant> v = fromPrivate.get(f);
      if (v.isPresent()) {
        t = t.with(f, v.get());
      }
    }
    return t;
  }
}

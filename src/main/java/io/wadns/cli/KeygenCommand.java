package io.wadns.cli;

import io.wadns.dnssec.KeyAlgorithm;
import io.wadns.dnssec.KeyDirectory;
import io.wadns.dnssec.KeyFileWriter;
import io.wadns.dnssec.KeyGenerator;
import io.wadns.dnssec.KeyProblem;
import io.wadns.dnssec.ZoneKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wadns keygen ZONE}: writes a new combined signing key (CSK) in BIND's format and prints the DS
 * record for the parent zone.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Write a new signing key for ZONE (a CSK: flags 257, signs the whole zone) as"
        + " K<zone>.+<alg>+<tag>.key and .private (mode 600), created, published and active now,"
        + " and print its DS record for the parent zone. Never overwrites a file.")
final class KeygenCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ZONE", converter = ZoneNameConverter.class,
      description = "The zone, e.g. example.com.")
  Name zone;

  @Option(names = "--keys", paramLabel = "DIR", defaultValue = "keys",
      description = "Folder to write the key pair into (default: ${DEFAULT-VALUE}).")
  Path keys;

  @Option(names = "--algorithm", paramLabel = "ALG", defaultValue = "13",
      converter = KeyAlgorithmConverter.class,
      description = "13 or ECDSAP256SHA256 (default), 15 or ED25519, 8 or RSASHA256 (2048 bits).")
  KeyAlgorithm algorithm;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (!Files.isDirectory(keys)) {
        err.println(keys + ": not a directory");
        return 1;
      }
      KeyDirectory.Result existing = KeyDirectory.load(keys, zone);
      if (!existing.ok()) {
        for (KeyProblem p : existing.problems()) {
          err.println(p);
        }
        err.println("fix the zone's existing keys first; no key written");
        return 1;
      }
      Set<Integer> tags = existing.keys().keys().stream().map(ZoneKey::tag).collect(Collectors.toSet());
      ZoneKey key = new KeyGenerator(new SecureRandom()).generateCsk(zone, algorithm, clock.instant(), tags);
      KeyFileWriter.Written written = KeyFileWriter.write(keys, key);
      out.println("wrote " + written.publicFile() + " and " + written.privateFile().getFileName()
          + " (CSK, " + algorithm.name() + ", key tag " + key.tag() + ")");
      out.println("give this DS record to the parent zone of " + zone + ":");
      out.println(DsCommand.line(key));
      return 0;
    } catch (FileAlreadyExistsException e) {
      err.println(e.getFile() + ": exists; refusing to overwrite a key file");
      return 1;
    } catch (IOException e) {
      err.println(keys + ": cannot write the key: " + e);
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }
}

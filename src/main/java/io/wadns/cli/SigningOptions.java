package io.wadns.cli;

import io.wadns.dnssec.SigningPolicy;
import io.wadns.health.HealthView;
import io.wadns.dnssec.ZoneSigning;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The DNSSEC options shared by {@code serve} and {@code check}, so that {@code check} signs exactly as
 * {@code serve} would: the keys folder, the denial of existence, the signatures' validity.
 */
final class SigningOptions {
  @Option(names = "--keys", paramLabel = "DIR",
      description = "Folder of DNSSEC key pairs (K<zone>.+<alg>+<tag>.key and .private, as dnssec-keygen, ldns-keygen"
          + " and wadns keygen write them): a zone with an active key there is served signed.")
  Path keys;

  @Option(names = "--nsec3",
      description = "Deny existence with NSEC3 (RFC 5155, with RFC 9276's parameters: no extra iterations, no salt)"
          + " instead of NSEC.")
  boolean nsec3;

  @Option(names = "--signature-validity", paramLabel = "DAYS", defaultValue = "14",
      description = "Days a signature is valid from when it is made (default: ${DEFAULT-VALUE}); signatures are"
          + " made again a quarter of that before they expire.")
  int validityDays;

  /** The signing of zones with {@code keys} (this option or the configuration's), or null without one. */
  ZoneSigning signing(Path configured, CommandLine command, Supplier<HealthView> health) {
    Path dir = keys != null ? keys : configured;
    if (dir == null) {
      return null;
    }
    if (!java.nio.file.Files.isDirectory(dir)) {
      // A mistyped folder must not serve every zone unsigned without a word.
      throw new CommandLine.ParameterException(command, "--keys " + dir + ": not a folder");
    }
    if (validityDays < 1 || validityDays > 365) {
      throw new CommandLine.ParameterException(command, "--signature-validity must be 1-365 days");
    }
    SigningPolicy policy = SigningPolicy.DEFAULT.withValidity(Duration.ofDays(validityDays)).withNsec3(nsec3);
    return new ZoneSigning(dir, policy, Clock.systemUTC(), health);
  }
}

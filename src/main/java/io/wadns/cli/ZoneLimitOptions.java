package io.wadns.cli;

import io.wadns.health.ProbeTargets;
import io.wadns.text.AddressPrefix;
import io.wadns.zonefile.LoadLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options that bound what loading a zone may do, shared by {@code serve} and {@code check} so that
 * {@code check} validates exactly as {@code serve} loads: where {@code $INCLUDE} may read, how many records
 * a zone may hold, which addresses health checks may probe.
 */
final class ZoneLimitOptions {
  @Option(names = "--include-root", paramLabel = "DIR",
      description = "A folder $INCLUDE may read from besides the zones folder; repeat for several.")
  List<Path> includeRoots = new ArrayList<>();

  @Option(names = "--max-records", paramLabel = "N", defaultValue = "10000000",
      description = "Records one zone may hold at most (default: ${DEFAULT-VALUE}).")
  long maxRecords;

  @Option(names = "--health-allow", paramLabel = "PREFIX", arity = "1..*", split = ",",
      converter = AddressPrefixConverter.class,
      description = "Prefixes health-checked addresses must lie in, like 192.0.2.0/24 or 2001:db8::/32; a zone that"
          + " checks an address outside them is not served (default: all but link-local, 169.254.0.0/16 and"
          + " fe80::/10, which only a prefix inside them allows).")
  List<AddressPrefix> healthAllow;

  /** The limits of zones read from {@code zones}; a bad value is a usage error of {@code command}. */
  LoadLimits limits(Path zones, CommandLine command) {
    if (maxRecords < 1) {
      throw new CommandLine.ParameterException(command, "--max-records must be at least 1");
    }
    return LoadLimits.confinedTo(zones, includeRoots).withMaxRecords(maxRecords)
        .withProbeTargets(healthAllow == null ? ProbeTargets.DEFAULT : new ProbeTargets(healthAllow));
  }
}

package io.wadns.cli;

import io.wadns.text.AddressPrefix;
import io.wadns.health.HealthRegistry;
import io.wadns.health.ProbeTargets;
import io.wadns.reload.ReloadResult;
import io.wadns.reload.ReloadResult.Change;
import io.wadns.reload.ReloadResult.FileOutcome;
import io.wadns.reload.ZoneReloader;
import io.wadns.zone.Zone;
import io.wadns.zonefile.LoadLimits;
import io.wadns.zonefile.ZoneProblem;
import java.util.ArrayList;
import java.util.List;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wadns check}: loads and validates every zone exactly as {@code serve} starts (the same
 * loader, file by file), without serving. Exit status 1 on any error; warnings alone pass.
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Load and validate every *.zone file; print each problem as FILE:LINE: message (warnings as"
        + " FILE:LINE: warning: message). Exit status 0 when no zone has errors, 1 otherwise.")
final class CheckCommand implements Callable<Integer> {
  @Option(names = "--zones", paramLabel = "DIR", defaultValue = "zones",
      description = "Folder of *.zone files (default: ${DEFAULT-VALUE}).")
  Path zones;

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

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    // A registry of its own: health keys are made, no probe ever runs.
    if (maxRecords < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-records must be at least 1");
    }
    LoadLimits limits = LoadLimits.confinedTo(zones, includeRoots).withMaxRecords(maxRecords)
        .withProbeTargets(healthAllow == null ? ProbeTargets.DEFAULT : new ProbeTargets(healthAllow));
    ReloadResult result = new ZoneReloader(zones, new HealthRegistry(Clock.systemUTC()), limits).loadInitial();
    for (ZoneProblem p : result.problems()) {
      out.println(p);
    }
    for (FileOutcome f : result.files()) {
      if (f.change() != Change.FAILED) {
        Zone z = f.zone();
        out.println(z.file() + ": zone " + z.origin() + " serial " + z.serial() + ", " + z.recordCount()
            + " records: ok");
      }
    }
    long errors = result.problems().stream().filter(ZoneProblem::isError).count();
    long warnings = result.problems().size() - errors;
    if (errors > 0) {
      out.println(errors + " problem" + (errors == 1 ? "" : "s") + " found"
          + (warnings > 0 ? ", and " + warnings + " warning" + (warnings == 1 ? "" : "s") : ""));
    } else if (warnings > 0) {
      out.println(warnings + " warning" + (warnings == 1 ? "" : "s") + ", no errors");
    }
    out.flush();
    return errors > 0 ? 1 : 0;
  }
}

package io.wadns.cli;

import io.wadns.dnssec.ZoneSigning;
import io.wadns.health.HealthRegistry;
import io.wadns.reload.ReloadResult;
import io.wadns.reload.ReloadResult.Change;
import io.wadns.reload.ReloadResult.FileOutcome;
import io.wadns.reload.ZoneReloader;
import io.wadns.zone.Zone;
import io.wadns.zonefile.LoadLimits;
import io.wadns.zonefile.ZoneProblem;
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

  @CommandLine.Mixin
  ZoneLimitOptions zoneLimits = new ZoneLimitOptions();

  @CommandLine.Mixin
  SigningOptions signingOptions = new SigningOptions();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    // A registry of its own: health keys are made, no probe ever runs.
    LoadLimits limits = zoneLimits.limits(zones, spec.commandLine());
    ZoneReloader reloader = new ZoneReloader(zones, new HealthRegistry(Clock.systemUTC()), limits);
    ZoneSigning signing = signingOptions.signing(null, spec.commandLine(), () -> io.wadns.health.HealthView.ALL_UP);
    if (signing != null) {
      reloader.signedWith(signing); // every zone with keys signed, as serve would
    }
    ReloadResult result = reloader.loadInitial();
    for (ZoneProblem p : result.problems()) {
      out.println(p);
    }
    for (FileOutcome f : result.files()) {
      if (f.change() != Change.FAILED) {
        Zone z = f.zone();
        out.println(z.file() + ": zone " + z.origin() + " serial " + z.serial() + ", " + z.recordCount()
            + " records" + (z.signatures() != null ? ", signed" : "") + ": ok");
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

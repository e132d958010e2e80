package io.wadns.cli;

import io.wadns.zone.Zone;
import io.wadns.zone.ZoneLoader;
import io.wadns.zone.ZoneProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wadns check}: validates every zone as {@code serve} would, without serving. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Load and validate every *.zone file; print each problem as FILE:LINE: message."
        + " Exit status 0 when all zones are valid, 1 otherwise.")
final class CheckCommand implements Callable<Integer> {
  @Option(names = "--zones", paramLabel = "DIR", defaultValue = "zones",
      description = "Folder of *.zone files (default: ${DEFAULT-VALUE}).")
  Path zones;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ZoneLoader.Result result = ZoneLoader.loadDirectory(zones);
    if (!result.ok()) {
      for (ZoneProblem p : result.problems()) {
        out.println(p);
      }
      out.println(result.problems().size() + " problem" + (result.problems().size() == 1 ? "" : "s")
          + " found");
      out.flush();
      return 1;
    }
    for (Zone z : result.zones().zones()) {
      out.println(z.file() + ": zone " + z.origin() + " serial " + z.serial() + ", " + z.recordCount()
          + " records: ok");
    }
    out.flush();
    return 0;
  }
}

package io.wadns.cli;

import io.wadns.dnssec.KeyDirectory;
import io.wadns.dnssec.KeyProblem;
import io.wadns.dnssec.ZoneKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wadns ds ZONE}: prints the DS records of the zone's SEP keys, to give the parent zone. */
@Command(name = "ds", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Print the DS record (SHA-256) of each SEP key (KSK or CSK) of ZONE, for the parent zone."
        + " Exit status 0 when at least one is printed, 1 otherwise.")
final class DsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ZONE", converter = ZoneNameConverter.class,
      description = "The zone, e.g. example.com.")
  Name zone;

  @Option(names = "--keys", paramLabel = "DIR", defaultValue = "keys",
      description = "Folder of K<zone>.+<alg>+<tag>.key/.private pairs (default: ${DEFAULT-VALUE}).")
  Path keys;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    KeyDirectory.Result result = KeyDirectory.load(keys, zone);
    if (!result.ok()) {
      for (KeyProblem p : result.problems()) {
        err.println(p);
      }
      err.flush();
      return 1;
    }
    List<DSRecord> ds = result.keys().dsRecordsAt(clock.instant());
    if (ds.isEmpty()) {
      err.println(keys + ": no SEP key (flags 257) for " + zone + "; make one with: wadns keygen " + zone
          + " --keys " + keys);
      err.flush();
      return 1;
    }
    ds.forEach(d -> out.println(line(d)));
    out.flush();
    return 0;
  }

  /** A DS record as {@code dnssec-dsfromkey} prints it: {@code example.com. IN DS 12345 13 2 HEX}. */
  static String line(DSRecord ds) {
    return ds.getName() + " IN DS " + ds.rdataToString();
  }

  static String line(ZoneKey key) {
    return line(key.ds());
  }
}

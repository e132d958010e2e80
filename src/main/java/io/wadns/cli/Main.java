package io.wadns.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code wadns serve|check}. Exit codes: 0 ok, 1 failure, 2 bad command line. */
@Command(name = "wadns", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Authoritative DNS server with weighted alias records.",
    subcommands = {ServeCommand.class, CheckCommand.class, KeygenCommand.class, DsCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with its output and errors sent to the given writers. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(Main::usageError);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** A bad flag gets one line naming the problem and where to look, and exit code 2. */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage()
        + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: serve or check");
  }
}

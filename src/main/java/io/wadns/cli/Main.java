package io.wadns.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code wadns serve|check}. Exit codes: 0 ok, 1 failure, 2 bad command line. */
@Command(name = "wadns", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Authoritative DNS server with weighted alias records.")
public final class Main implements Runnable {
  /**
   * The commands, in the order help lists them. Only the one named first on the command line is built:
   * picocli reads a command's options by reflection when it is added, and serve's alone is a tenth of a
   * second of a start on a busy CPU; the others are built too when none is named (help, a mistake).
   */
  static final List<Class<?>> COMMANDS =
      List.of(ServeCommand.class, CheckCommand.class, KeygenCommand.class, DsCommand.class);

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
    addCommands(cli, args);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(Main::usageError);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Adds the command that {@code args} start with, or every command when they start with none. */
  static void addCommands(CommandLine cli, String[] args) {
    String first = args.length > 0 ? args[0] : null;
    for (Class<?> command : COMMANDS) {
      if (command.getAnnotation(Command.class).name().equals(first)) {
        cli.addSubcommand(command);
        return;
      }
    }
    COMMANDS.forEach(cli::addSubcommand);
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

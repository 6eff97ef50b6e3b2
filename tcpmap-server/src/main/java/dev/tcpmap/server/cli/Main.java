package dev.tcpmap.server.cli;

import dev.tcpmap.core.config.ConfigException;
import dev.tcpmap.core.format.Printable;
import dev.tcpmap.core.source.SourceUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code tcpmap} command line. Only this class exits the process: user errors (bad options,
 * unreadable or broken files, invalid configuration, a host that cannot run the live agent) print
 * one line and exit with 2; anything else is a bug and exits with 1 after printing its stack trace.
 */
@Command(
    name = "tcpmap",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    versionProvider = Main.Version.class,
    description = "Who talks to whom over TCP: connections, bytes each way, durations, outcomes.",
    subcommands = {
      AgentCommand.class,
      AnalyzeCommand.class,
      DemoCommand.class,
      QueryCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  static final int USER_ERROR = 2;
  static final int INTERNAL_ERROR = 1;

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  public static void main(String[] args) {
    System.exit(run(Context.system(), args));
  }

  /** Runs one command line and returns its exit code; never exits the process. */
  static int run(Context context, String... args) {
    CommandLine commandLine = new CommandLine(new Main(), new Factory(context));
    SettingOptions.add(
        commandLine.getSubcommands().get("agent").getCommandSpec(), AgentCommand.OPTIONS);
    SettingOptions.add(
        commandLine.getSubcommands().get("analyze").getCommandSpec(), AnalyzeCommand.OPTIONS);
    SettingOptions.add(
        commandLine.getSubcommands().get("demo").getCommandSpec(), DemoCommand.OPTIONS);
    SettingOptions.add(
        commandLine.getSubcommands().get("query").getCommandSpec(), QueryCommand.OPTIONS);
    commandLine.setOut(new PrintWriter(context.out(), true));
    commandLine.setErr(new PrintWriter(context.err(), true));
    commandLine.setExecutionExceptionHandler(
        (exception, cl, parseResult) -> handle(exception, context));
    commandLine.setParameterExceptionHandler((exception, args1) -> usage(exception, context));
    return commandLine.execute(args);
  }

  /**
   * A command line that does not parse: one line saying what is wrong and where the usage is, as
   * for any other user error (the whole usage would bury the line that matters).
   */
  private static int usage(CommandLine.ParameterException exception, Context context) {
    CommandLine command = exception.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    context
        .err()
        .println(name + ": " + Printable.of(exception.getMessage()) + " (see " + name + " --help)");
    return USER_ERROR;
  }

  private static int handle(Exception exception, Context context) {
    String message = userMessage(exception);
    if (message != null) {
      // File names and values the user gave can carry terminal escapes and line breaks.
      context.err().println("tcpmap: " + Printable.of(message));
      return USER_ERROR;
    }
    context.err().println("tcpmap: internal error, please report it: " + exception);
    exception.printStackTrace(context.err());
    return INTERNAL_ERROR;
  }

  /** The one-line message for an error the user can fix, or null for a bug. */
  private static String userMessage(Exception e) {
    return switch (e) {
      case UserError u -> u.getMessage();
      case ConfigException c -> c.getMessage();
      case SourceUnavailableException s -> s.getMessage();
      case NoSuchFileException n -> "no such file: " + n.getFile();
      case AccessDeniedException a -> "permission denied: " + a.getFile();
      case IOException io when io.getMessage() != null -> io.getMessage();
      default -> null;
    };
  }

  /** Creates commands with the context they run in. */
  private record Factory(Context context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == AnalyzeCommand.class) {
        return type.cast(new AnalyzeCommand(context));
      }
      if (type == AgentCommand.class) {
        return type.cast(new AgentCommand(context));
      }
      if (type == DemoCommand.class) {
        return type.cast(new DemoCommand(context));
      }
      if (type == QueryCommand.class) {
        return type.cast(new QueryCommand(context));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"tcpmap " + (version == null ? "development build" : version)};
    }
  }
}

package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void help_listsTheCommands() {
    CliRun run = CliRun.run("--help");

    assertThat(run.exitCode).isZero();
    assertThat(run.out).contains("analyze").contains("demo").contains("help");
  }

  @Test
  void noCommand_isAUsageError() {
    CliRun run = CliRun.run();

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).startsWith("Missing command");
  }

  @Test
  void unknownCommand_isAUsageError() {
    CliRun run = CliRun.run("frobnicate");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("Unmatched argument at index 0: 'frobnicate'");
  }
}

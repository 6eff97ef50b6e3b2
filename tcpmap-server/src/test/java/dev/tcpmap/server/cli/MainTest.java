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

  /** Issue 19: the command list cut each summary at its first line, mid-sentence. */
  @Test
  void help_summarizesEachCommandInOneSentence() {
    CliRun run = CliRun.run("--help");

    for (String command : new String[] {"agent", "analyze", "demo"}) {
      assertThat(run.out.lines().filter(l -> l.startsWith("  " + command + " ")))
          .singleElement()
          .satisfies(line -> assertThat(line.strip()).endsWith("."));
    }
  }

  @Test
  void noCommand_isAUsageError() {
    CliRun run = CliRun.run();

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).isEqualTo("tcpmap: Missing command (see tcpmap --help)\n");
  }

  @Test
  void unknownCommand_isAUsageError() {
    CliRun run = CliRun.run("frobnicate");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err)
        .isEqualTo("tcpmap: Unmatched argument at index 0: 'frobnicate' (see tcpmap --help)\n");
  }
}

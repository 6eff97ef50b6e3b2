package dev.tcpmap.server.cli;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Whether a standard stream is a terminal. Java has no portable way to ask this of stderr ({@code
 * System.console()} looks at stdin and stdout), so it calls libc's {@code isatty} through FFM;
 * where that is not possible it answers false, which only turns the progress bar off.
 */
final class Terminal {
  private static final int STDERR = 2;

  private Terminal() {}

  // isatty(int) only reads its argument: the restricted downcall cannot corrupt memory.
  @SuppressWarnings("restricted")
  static boolean stderrIsTerminal() {
    try {
      Linker linker = Linker.nativeLinker();
      MethodHandle isatty =
          linker.downcallHandle(
              linker.defaultLookup().findOrThrow("isatty"),
              FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
      return (int) isatty.invokeExact(STDERR) == 1;
    } catch (Throwable e) {
      return false;
    }
  }
}

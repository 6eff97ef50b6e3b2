package dev.tcpmap.ebpf.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tcpmap.core.testing.Privileged;
import dev.tcpmap.ebpf.libbpf.BpfException.Kind;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The binding's failure paths: each gives a typed error with a message naming what failed. */
class BpfObjectTest {
  private static Libbpf lib;

  @BeforeAll
  static void loadLibbpf() {
    lib = Libbpf.load();
  }

  @Test
  void load_missingLibrary_libraryMissing() {
    BpfException e =
        catchThrowableOfType(
            BpfException.class, () -> Libbpf.load("libbpf-tcpmap-does-not-exist.so.1"));

    assertThat(e.kind()).isEqualTo(Kind.LIBRARY_MISSING);
    assertThat(e.getMessage())
        .contains("libbpf-tcpmap-does-not-exist.so.1")
        .contains("apt-get install libbpf1");
  }

  @Test
  void open_notAnElfObject_badObject() {
    byte[] garbage = "this is not an ELF object, just text".getBytes();

    BpfException e =
        catchThrowableOfType(BpfException.class, () -> BpfObject.open(lib, garbage, "garbage"));

    assertThat(e.kind()).isEqualTo(Kind.BAD_OBJECT);
    assertThat(e.errno()).isPositive();
    assertThat(e.getMessage()).startsWith("cannot open the BPF object 'garbage': ");
  }

  @Test
  void open_truncatedObject_badObject() throws IOException {
    byte[] object = testObject();
    byte[] truncated = java.util.Arrays.copyOf(object, object.length / 3);

    assertThatThrownBy(() -> BpfObject.open(lib, truncated, "truncated"))
        .isInstanceOfSatisfying(
            BpfException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_OBJECT));
  }

  @Test
  void map_unknownName_noSuchMap() throws IOException {
    try (BpfObject object = BpfObject.open(lib, testObject(), "binding_test")) {
      assertThat(object.map("values").name()).isEqualTo("values");

      BpfException e = catchThrowableOfType(BpfException.class, () -> object.map("nothing"));

      assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_MAP);
      assertThat(e.getMessage()).isEqualTo("the BPF object 'binding_test' has no map 'nothing'");
    }
  }

  @Test
  void attach_unknownProgram_noSuchProgram() throws IOException {
    try (BpfObject object = BpfObject.open(lib, testObject(), "binding_test")) {
      BpfException e = catchThrowableOfType(BpfException.class, () -> object.attach("nothing"));

      assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_PROGRAM);
      assertThat(e.getMessage())
          .isEqualTo("the BPF object 'binding_test' has no program 'nothing'");
      assertThatThrownBy(() -> object.setAutoload("nothing", false))
          .isInstanceOfSatisfying(
              BpfException.class, x -> assertThat(x.kind()).isEqualTo(Kind.NO_SUCH_PROGRAM));
    }
  }

  @Test
  @Tag("privileged")
  void attach_missingTracepoint_attachFailed() throws IOException {
    Privileged.requireRoot();
    try (BpfObject object = BpfObject.open(lib, testObject(), "binding_test")) {
      object.setAutoload("rejected", false);
      object.load();

      BpfException e =
          catchThrowableOfType(BpfException.class, () -> object.attach("missing_tracepoint"));

      assertThat(e.kind()).isEqualTo(Kind.ATTACH_FAILED);
      assertThat(e.errno()).isEqualTo(2); // ENOENT: no tcpmap_test/no_such_event in tracefs
      assertThat(e.getMessage())
          .startsWith("cannot attach the BPF program 'missing_tracepoint': No such file");
    }
  }

  @Test
  @Tag("privileged")
  void load_verifierRejects_loadFailedWithLog() throws IOException {
    Privileged.requireRoot();
    try (BpfObject object = BpfObject.open(lib, testObject(), "binding_test")) {
      BpfException e = catchThrowableOfType(BpfException.class, object::load);

      assertThat(e.kind()).isEqualTo(Kind.LOAD_FAILED);
      assertThat(e.errno()).isEqualTo(13); // EACCES: the verifier said no
      assertThat(e.getMessage())
          .startsWith("cannot load the BPF object 'binding_test': Permission denied")
          .contains("libbpf: ")
          .contains("rejected");
    }
  }

  @Test
  void possibleCpus_matchesSysfs() throws IOException {
    assertThat(lib.possibleCpus()).isEqualTo(possibleCpus());
  }

  private static int possibleCpus() throws IOException {
    String text =
        java.nio.file.Files.readString(java.nio.file.Path.of("/sys/devices/system/cpu/possible"))
            .strip();
    int last = 0;
    for (String range : text.split(",")) {
      String[] ends = range.split("-");
      last = Math.max(last, Integer.parseInt(ends[ends.length - 1]));
    }
    return last + 1;
  }

  static byte[] testObject() throws IOException {
    try (InputStream in = BpfObjectTest.class.getResourceAsStream("binding_test.bpf.o")) {
      assertThat(in).as("binding_test.bpf.o built from src/test/c").isNotNull();
      return in.readAllBytes();
    }
  }
}

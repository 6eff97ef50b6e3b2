package dev.tcpmap.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;

/**
 * The direction of the modules, as docs/architecture.md draws it: sources feed the pipeline, the
 * pipeline feeds the query service, front ends read the query service; nothing points back. Maven
 * keeps a module from using one it does not declare; this keeps the declarations themselves (and
 * the packages within a module) pointing one way.
 */
@AnalyzeClasses(
    packages = "dev.tcpmap",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

  /** Test jars of the other modules are on this module's test class path; they are not the code. */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar") && !location.contains("/test-classes/");
    }
  }

  @ArchTest
  static final ArchRule modulesPointOneWay =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("core")
          .definedBy("dev.tcpmap.core..")
          .layer("linux")
          .definedBy("dev.tcpmap.linux..")
          .layer("capture")
          .definedBy("dev.tcpmap.capture..")
          .layer("packet")
          .definedBy("dev.tcpmap.packet..")
          .layer("ebpf")
          .definedBy("dev.tcpmap.ebpf..")
          .layer("kubernetes")
          .definedBy("dev.tcpmap.kubernetes..")
          .layer("store")
          .definedBy("dev.tcpmap.store..")
          .layer("aggregate")
          .definedBy("dev.tcpmap.aggregate..")
          .layer("enrich")
          .definedBy("dev.tcpmap.enrich..")
          .layer("query")
          .definedBy("dev.tcpmap.query..")
          .layer("api")
          .definedBy("dev.tcpmap.api..")
          .layer("server")
          .definedBy("dev.tcpmap.server..")
          // Wiring: the only module that knows every other.
          .whereLayer("server")
          .mayNotBeAccessedByAnyLayer()
          // Front end: reads the query service, never a source.
          .whereLayer("api")
          .mayOnlyBeAccessedByLayers("server")
          .whereLayer("query")
          .mayOnlyBeAccessedByLayers("api", "server")
          .whereLayer("aggregate")
          .mayOnlyBeAccessedByLayers("query", "api", "server")
          .whereLayer("store")
          .mayOnlyBeAccessedByLayers("aggregate", "query", "server")
          // Sources and stages: they emit core events and know nothing downstream.
          .whereLayer("enrich")
          .mayOnlyBeAccessedByLayers("server")
          .whereLayer("kubernetes")
          .mayOnlyBeAccessedByLayers("server")
          .whereLayer("ebpf")
          .mayOnlyBeAccessedByLayers("server")
          .whereLayer("packet")
          .mayOnlyBeAccessedByLayers("server")
          // The decoders are shared: live capture and the enrichers parse with them, the analyze
          // report reads a file's counts.
          .whereLayer("capture")
          .mayOnlyBeAccessedByLayers("packet", "enrich", "api", "server")
          .whereLayer("linux")
          .mayOnlyBeAccessedByLayers("packet", "ebpf", "server");

  @ArchTest
  static final ArchRule coreIsPlainJava =
      classes()
          .that()
          .resideInAPackage("dev.tcpmap.core..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("dev.tcpmap.core..", "java..");

  @ArchTest
  static final ArchRule packagesHaveNoCycles =
      slices().matching("dev.tcpmap.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule wireFormatsAreWrittenInTheApi =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.tcpmap.api..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.fasterxml.jackson..");

  @ArchTest
  static final ArchRule nativeCallsStayInTheSystemModules =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "dev.tcpmap.linux..",
              "dev.tcpmap.ebpf..",
              "dev.tcpmap.packet..",
              "dev.tcpmap.server.cli")
          .should()
          .dependOnClassesThat()
          .belongToAnyOf(Linker.class, SymbolLookup.class);

  @ArchTest
  static final ArchRule theCommandLineIsTheServers =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.tcpmap.server.cli")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("picocli..");

  @ArchTest
  static final ArchRule onlyMainEndsTheProcess =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName("dev.tcpmap.server.cli.Main")
          .should()
          .callMethod(System.class, "exit", int.class)
          .orShould()
          .callMethod(Runtime.class, "halt", int.class);
}

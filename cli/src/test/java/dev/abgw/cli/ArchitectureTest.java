package dev.abgw.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The module rules of {@code docs/architecture.md}, checked on the compiled production classes of every
 * module the cli holds: the pure modules do no I/O, and no two packages depend on each other.
 */
class ArchitectureTest {
  private static final JavaClasses PRODUCTION = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.abgw");

  /**
   * Network and file I/O, and the event loop. {@code java.net.URI} (and its parse error) is a parsed address,
   * a value that opens nothing: an experiment definition's upstream is one.
   */
  private static final DescribedPredicate<JavaClass> IO = new DescribedPredicate<>(
      "are Vert.x, Netty, java.net (but URI) or java.nio.file") {
    @Override
    public boolean test(JavaClass c) {
      String name = c.getName();
      if (name.equals("java.net.URI") || name.equals("java.net.URISyntaxException")) return false;
      return name.startsWith("io.vertx.") || name.startsWith("io.netty.") || name.startsWith("java.net.")
          || name.startsWith("java.nio.file.");
    }
  };

  static final ArchRule PURE_MODULES_DO_NO_IO = noClasses()
      .that().resideInAnyPackage("dev.abgw.experiments..", "dev.abgw.stats..", "dev.abgw.analysis..")
      .should().dependOnClassesThat(IO)
      .because("experiments, stats and analysis are pure: the gateway does the I/O and calls them");

  static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.abgw.(**)").should().beFreeOfCycles();

  static final ArchRule ANALYSIS_DOES_NOT_KNOW_THE_GATEWAY = noClasses()
      .that().resideInAnyPackage("dev.abgw.experiments..", "dev.abgw.stats..", "dev.abgw.analysis..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.abgw.gateway..", "dev.abgw.cli..", "dev.abgw.agents..");

  static final ArchRule GATEWAY_DOES_NOT_KNOW_THE_CLI = noClasses()
      .that().resideInAnyPackage("dev.abgw.gateway..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.abgw.cli..", "dev.abgw.agents..");

  @Test
  void pure_modules_import_no_vertx_netty_network_or_files() {
    PURE_MODULES_DO_NO_IO.check(PRODUCTION);
  }

  @Test
  void packages_form_no_cycle() {
    NO_PACKAGE_CYCLES.check(PRODUCTION);
  }

  @Test
  void dependencies_point_from_cli_to_gateway_to_analysis() {
    ANALYSIS_DOES_NOT_KNOW_THE_GATEWAY.check(PRODUCTION);
    GATEWAY_DOES_NOT_KNOW_THE_CLI.check(PRODUCTION);
  }

  @Test
  void the_rules_see_the_classes_they_guard() {
    // A rule over an empty import passes vacuously; make sure each module's classes are there.
    for (String pkg : new String[] {"dev.abgw.experiments", "dev.abgw.stats", "dev.abgw.analysis",
        "dev.abgw.gateway", "dev.abgw.agents", "dev.abgw.cli"}) {
      org.assertj.core.api.Assertions.assertThat(PRODUCTION.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
          .as("classes of %s imported", pkg).isTrue();
    }
  }
}

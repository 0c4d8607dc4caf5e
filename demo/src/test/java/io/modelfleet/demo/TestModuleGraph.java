package io.modelfleet.demo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the module graph: schemas ← core ← registry ← jobs / launch-estimator / launcher / alerts ←
 * scheduler ← cli-spark ← demo, with ranking-sim plain beside them, the launch workflow (launcher) and
 * the SLO alerts (alerts) plain Java over JDBC, the report (values in, HTML out) plain Java on core,
 * and the lean cli free of Spark. The demo module sees
 * every module's classes, so the whole graph is checked here, on the production classes only.
 */
class TestModuleGraph {
    private static final String SPARK = "org.apache.spark..";
    private static final String[] ENGINES = {SPARK, "io.delta..", "org.apache.hadoop..", "scala.."};
    private static final String[] LEAN_CLI = {
        "io.modelfleet.cli",
        "io.modelfleet.cli.registry..",
        "io.modelfleet.cli.generate..",
        "io.modelfleet.cli.sim..",
        "io.modelfleet.cli.options..",
        "io.modelfleet.cli.render.."
    };
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.modelfleet");
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    @Test
    void coreDependsOnNothingOfOurs() {
        check(noClasses()
                .that()
                .resideInAPackage("io.modelfleet.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.modelfleet.registry..",
                        "io.modelfleet.sim..",
                        "io.modelfleet.jobs..",
                        "io.modelfleet.launch..",
                        "io.modelfleet.launcher..",
                        "io.modelfleet.report..",
                        "io.modelfleet.alerts..",
                        "io.modelfleet.scheduler..",
                        "io.modelfleet.cli..",
                        "io.modelfleet.demo.."));
        check(noClasses()
                .that()
                .resideInAPackage("io.modelfleet.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ENGINES));
    }

    @Test
    void theLaunchWorkflowKnowsNothingOfTheJobsTheSchedulerOrTheCommandLine() {
        check(noClasses()
                .that()
                .resideInAPackage("io.modelfleet.launcher..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.modelfleet.jobs..",
                        "io.modelfleet.alerts..",
                        "io.modelfleet.launch..",
                        "io.modelfleet.scheduler..",
                        "io.modelfleet.cli..",
                        "io.modelfleet.demo.."));
    }

    @Test
    void theAlertsKnowNothingOfTheJobsTheSchedulerOrTheCommandLine() {
        check(noClasses()
                .that()
                .resideInAPackage("io.modelfleet.alerts..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.modelfleet.jobs..",
                        "io.modelfleet.launch..",
                        "io.modelfleet.launcher..",
                        "io.modelfleet.scheduler..",
                        "io.modelfleet.cli..",
                        "io.modelfleet.demo.."));
    }

    @Test
    void plainModulesStayFreeOfSpark() {
        check(noClasses()
                .that()
                .resideInAnyPackage(
                        "io.modelfleet.registry..",
                        "io.modelfleet.sim..",
                        "io.modelfleet.launcher..",
                        "io.modelfleet.alerts..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ENGINES));
        check(noClasses()
                .that()
                .resideInAnyPackage(LEAN_CLI)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ENGINES));
    }

    @Test
    void theReportDrawsPlainValuesOnly() {
        check(noClasses()
                .that()
                .resideInAPackage("io.modelfleet.report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.modelfleet.registry..",
                        "io.modelfleet.sim..",
                        "io.modelfleet.jobs..",
                        "io.modelfleet.launch..",
                        "io.modelfleet.launcher..",
                        "io.modelfleet.scheduler..",
                        "io.modelfleet.cli..",
                        "io.modelfleet.demo.."));
        check(noClasses()
                .that()
                .resideInAPackage("io.modelfleet.report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ENGINES));
    }

    @Test
    void registryAndSimulatorKnowNoJobs() {
        check(noClasses()
                .that()
                .resideInAnyPackage("io.modelfleet.registry..", "io.modelfleet.sim..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.modelfleet.jobs..",
                        "io.modelfleet.alerts..",
                        "io.modelfleet.launch..",
                        "io.modelfleet.scheduler..",
                        "io.modelfleet.cli..",
                        "io.modelfleet.demo.."));
    }

    @Test
    void jobsAndLaunchEstimatorAreSiblings() {
        check(noClasses()
                .that()
                .resideInAPackage("io.modelfleet.jobs..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.modelfleet.launch..",
                        "io.modelfleet.alerts..",
                        "io.modelfleet.scheduler..",
                        "io.modelfleet.cli..",
                        "io.modelfleet.demo.."));
        check(noClasses()
                .that()
                .resideInAPackage("io.modelfleet.launch..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.modelfleet.jobs..",
                        "io.modelfleet.scheduler..",
                        "io.modelfleet.cli..",
                        "io.modelfleet.demo.."));
    }

    @Test
    void schedulerRunsJobsOnly() {
        check(noClasses()
                .that()
                .resideInAPackage("io.modelfleet.scheduler..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.modelfleet.launch..", "io.modelfleet.cli..", "io.modelfleet.demo.."));
    }

    @Test
    void leanCliKnowsNoSparkCommandsOrDemo() {
        check(noClasses()
                .that()
                .resideInAnyPackage(LEAN_CLI)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.modelfleet.jobs..",
                        "io.modelfleet.launch..",
                        "io.modelfleet.scheduler..",
                        "io.modelfleet.cli.spark..",
                        "io.modelfleet.demo.."));
        check(noClasses()
                .that()
                .resideInAPackage("io.modelfleet.cli.spark..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.modelfleet.demo.."));
    }

    @Test
    void actionDescriptionsHoldNoEngineTypes() {
        check(noClasses()
                .that()
                .resideInAPackage("io.modelfleet.jobs.actions..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ENGINES));
        check(noClasses()
                .that()
                .haveFullyQualifiedName("io.modelfleet.launch.actions.EstimateLaunch")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ENGINES));
    }
}

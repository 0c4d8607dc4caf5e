package io.modelfleet.registry;

import static io.modelfleet.registry.RegistryFixtures.copyExample;
import static io.modelfleet.registry.RegistryFixtures.positionOf;
import static io.modelfleet.registry.RegistryFixtures.read;
import static io.modelfleet.registry.RegistryFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launch requests are config as code: schema-checked, bound, and held to the launch policy rules. */
class TestLaunchRequests {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);
    private static final String SAMPLE = "launches/ig_feed_mtml_lsr_v4_wider.yaml";

    @TempDir
    Path dir;

    @Test
    void theSampleLaunchIsValidAndBound() {
        copyExample(dir);
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics()).isEmpty();
        Launch launch = report.registry().launch("ig_feed_mtml_lsr_v4_wider").orElseThrow();
        assertThat(launch.model()).isEqualTo("ig_feed_mtml_lsr_v3");
        assertThat(launch.candidate().version()).isEqualTo("v4");
        assertThat(launch.candidate().replicas()).isEmpty();
        assertThat(launch.candidate().scorer().hidden()).containsExactly(512, 128);
        assertThat(launch.trafficPlan()).extracting(Launch.Step::percent).containsExactly(25.0, 50.0, 100.0);
        assertThat(launch.exemption()).isEmpty();
    }

    @Test
    void eachLaunchRuleFiresAtItsLocation() {
        copyExample(dir);
        String base = read(dir, SAMPLE);
        // unknown model
        write(
                dir,
                "launches/unknown_model.yaml",
                base.replace("id: ig_feed_mtml_lsr_v4_wider", "id: unknown_model")
                        .replace("model: ig_feed_mtml_lsr_v3", "model: ig_feed_mtml_lsr_v9"));
        // same version as production, and a plan that goes down
        write(
                dir,
                SAMPLE,
                base.replace("version: v4", "version: v3")
                        .replace(
                                "{percent: 50, bake_minutes: 60, max_bake_minutes: 1440}",
                                "{percent: 4, bake_minutes: 60, max_bake_minutes: 1440}"));
        // a second open launch of the same model, whose plan stops at 50
        write(
                dir,
                "launches/second_try.yaml",
                base.replace("id: ig_feed_mtml_lsr_v4_wider", "id: second_try")
                        .replace("  - {percent: 100, bake_minutes: 30}\n", ""));
        // a launch of a deprecated model, in a file named for another id
        write(
                dir,
                "launches/misnamed.yaml",
                base.replace("id: ig_feed_mtml_lsr_v4_wider", "id: old_model_launch")
                        .replace("model: ig_feed_mtml_lsr_v3", "model: " + deprecatedModel()));

        // a launch of a sourcing model, which no estimate can replay
        write(
                dir,
                "launches/sourcing_launch.yaml",
                base.replace("id: ig_feed_mtml_lsr_v4_wider", "id: sourcing_launch")
                        .replace("model: ig_feed_mtml_lsr_v3", "model: ig_feed_ctr_sourcing_v3"));

        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics())
                .extracting(d -> d.file() + " " + d.rule())
                .containsExactlyInAnyOrder(
                        "launches/sourcing_launch.yaml launch-sourcing",
                        "launches/unknown_model.yaml launch-model-unknown",
                        SAMPLE + " launch-same-version",
                        SAMPLE + " launch-plan",
                        SAMPLE + " launch-duplicate",
                        "launches/second_try.yaml launch-plan",
                        "launches/second_try.yaml launch-duplicate",
                        "launches/misnamed.yaml path-mismatch",
                        "launches/misnamed.yaml launch-model-inactive");
        Diagnostic sameVersion = find(report, SAMPLE, "launch-same-version");
        int[] at = positionOf(dir, SAMPLE, "v3\n  artifact");
        assertThat(new int[] {sameVersion.line(), sameVersion.column()}).containsExactly(at);
        assertThat(sameVersion.message())
                .isEqualTo("the candidate's version v3 is already production's for 'ig_feed_mtml_lsr_v3'");
        Diagnostic down = find(report, SAMPLE, "launch-plan");
        assertThat(down.message()).isEqualTo("traffic plan step 2 moves to 4%, not above the step before (25%)");
        assertThat(find(report, "launches/second_try.yaml", "launch-plan").message())
                .isEqualTo("traffic plan ends at 50%, so the launch never takes all traffic");
        assertThat(find(report, "launches/unknown_model.yaml", "launch-model-unknown")
                        .hint())
                .isEqualTo("did you mean 'ig_feed_mtml_lsr_v3'?");
    }

    @Test
    void aStepMayNotBeHeldBeforeItsLeastBakeAndTheGateOverridesItsTiersMargins() {
        copyExample(dir);
        write(
                dir,
                SAMPLE,
                read(dir, SAMPLE)
                        .replace(
                                "{percent: 25, bake_minutes: 60, max_bake_minutes: 1440}",
                                "{percent: 25, bake_minutes: 600, max_bake_minutes: 300}"));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        Diagnostic d = find(report, SAMPLE, "launch-plan");
        assertThat(d.message())
                .isEqualTo("traffic plan step 1 may bake at most 300 minutes, less than its least bake of 600 minutes");

        Registry registry = RegistryLoader.load(RegistryFixtures.EXAMPLE, TODAY).registry();
        Launch launch = registry.launch("ig_feed_mtml_lsr_v4_wider").orElseThrow();
        TierPolicy.Gate tier0 =
                registry.tierPolicies().orElseThrow().of(Tier.TIER0).gate();
        // The sample overrides only the NE margin: 3%, against TIER0's 1% (its ne_regression_limit).
        assertThat(tier0.neMargin()).isEqualTo(0.01);
        assertThat(launch.gate(tier0)).isEqualTo(new TierPolicy.Gate(0.03, tier0.calibrationMargin(), tier0.alpha()));
        assertThat(launch.trafficPlan())
                .containsExactly(
                        new Launch.Step(25, 60, 1440), new Launch.Step(50, 60, 1440), new Launch.Step(100, 30, 2880));
    }

    @Test
    void schemaErrorsAreLocatedLikeAModel() {
        copyExample(dir);
        write(
                dir,
                SAMPLE,
                read(dir, SAMPLE)
                        .replace(
                                "{percent: 25, bake_minutes: 60, max_bake_minutes: 1440}",
                                "{percent: 0, bake_minutes: 60, max_bake_minutes: 1440}"));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        Diagnostic d = report.diagnostics().get(0);
        assertThat(d.file()).isEqualTo(SAMPLE);
        assertThat(d.rule()).isEqualTo("schema/exclusiveMinimum");
        assertThat(new int[] {d.line(), d.column()})
                .containsExactly(positionOf(dir, SAMPLE, "0, bake_minutes: 60, max"));
    }

    @Test
    void aNewOrChangedLaunchNeedsASecondLook() {
        copyExample(dir);
        Registry without = RegistryLoader.load(dirWithout(), TODAY).registry();
        Registry with = RegistryLoader.load(dir, TODAY).registry();
        List<RegistryDiff.Flag> added = RegistryDiff.compare(without, with).secondLook();
        assertThat(added)
                .extracting(f -> f.kind() + " " + f.subject() + ": " + f.reason())
                .containsExactly("launch ig_feed_mtml_lsr_v4_wider: new launch of ig_feed_mtml_lsr_v3 v3 → v4,"
                        + " traffic 25 → 50 → 100%");
        write(
                dir,
                SAMPLE,
                read(dir, SAMPLE)
                        .replace(
                                "{percent: 50, bake_minutes: 60, max_bake_minutes: 1440}",
                                "{percent: 60, bake_minutes: 60, max_bake_minutes: 1440}"));
        Registry changed = RegistryLoader.load(dir, TODAY).registry();
        assertThat(RegistryDiff.compare(with, changed).secondLook())
                .extracting(RegistryDiff.Flag::reason)
                .containsExactly("launch request changed: ig_feed_mtml_lsr_v3 v3 → v4, traffic 25 → 60 → 100%");
        assertThat(RegistryDiff.compare(changed, changed).secondLook()).isEmpty();
    }

    private Path dirWithout() {
        Path other = dir.resolveSibling(dir.getFileName() + "-without");
        copyExample(other);
        try {
            Files.delete(other.resolve(SAMPLE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return other;
    }

    private String deprecatedModel() {
        return RegistryLoader.load(dir, TODAY).registry().models().stream()
                .filter(m -> m.lifecycle() == Lifecycle.DEPRECATED)
                .findFirst()
                .orElseThrow()
                .id();
    }

    private static Diagnostic find(ValidationReport report, String file, String rule) {
        return report.diagnostics().stream()
                .filter(d -> d.file().equals(file) && d.rule().equals(rule))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + rule + " in " + file + ": " + report.diagnostics()));
    }
}

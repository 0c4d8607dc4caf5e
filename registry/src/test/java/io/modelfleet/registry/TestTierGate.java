package io.modelfleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launch gate's margins per tier: tiers.yaml's gate_ keys, else defaults from the tier's SLO. */
class TestTierGate {
    @TempDir
    Path dir;

    @Test
    void marginsDefaultToTheTiersSloBandsAndCanBeSetPerTier() throws Exception {
        RegistryFixtures.copyExample(dir);
        Path tiers = dir.resolve("tiers.yaml");
        Files.writeString(
                tiers,
                Files.readString(tiers)
                        .replace(
                                "TIER1: {calibration_min: 0.85,",
                                "TIER1: {gate_ne_margin: 0.015, gate_calibration_margin: 0.04, gate_alpha: 0.02,"
                                        + " calibration_min: 0.85,"));
        Registry registry = RegistryLoader.loadValid(dir);
        TierPolicy.Gate tier0 =
                registry.tierPolicies().orElseThrow().of(Tier.TIER0).gate();
        // TIER0: calibration 0.90..1.10, NE limit 1%: the wider side of the band is -ln 0.90 = 0.10536.
        assertThat(tier0.neMargin()).isEqualTo(0.01);
        assertThat(tier0.calibrationMargin()).isCloseTo(0.1053605156578263, within(1e-15));
        assertThat(tier0.alpha()).isEqualTo(0.05);
        assertThat(registry.tierPolicies().orElseThrow().of(Tier.TIER1).gate())
                .isEqualTo(new TierPolicy.Gate(0.015, 0.04, 0.02));
    }

    @Test
    void anAlphaAboveOneHalfIsASchemaError() throws Exception {
        RegistryFixtures.copyExample(dir);
        Path tiers = dir.resolve("tiers.yaml");
        Files.writeString(tiers, Files.readString(tiers).replace("TIER2: {", "TIER2: {gate_alpha: 0.9, "));
        ValidationReport report = RegistryLoader.load(dir);
        assertThat(report.diagnostics())
                .anySatisfy(d -> assertThat(d.file() + " " + d.formatLine())
                        .contains("tiers.yaml")
                        .contains("gate_alpha"));
    }
}

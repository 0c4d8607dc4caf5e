package io.modelfleet.sim.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.modelfleet.sim.funnel.ClickModel;
import io.modelfleet.sim.funnel.Scorer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestCalibration {
    private static final Optional<Instant> AT = Optional.of(Instant.parse("2026-11-24T10:00:00Z"));

    /** Times a machine of {@code gflops} and {@code candidateNs} would give for every shape, each off by up to {@code noise}. */
    private static List<Calibration.Point> synthetic(double gflops, double candidateNs, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ClickModel truth = new ClickModel(1);
        List<Calibration.Point> points = new ArrayList<>();
        for (Calibration.Shape shape : Calibration.SHAPES) {
            long flops = shape.candidates() * new Scorer(shape.scorer(), truth, 1).flopsPerCandidate();
            double seconds = flops / (gflops * 1e9) + shape.candidates() * candidateNs * 1e-9;
            points.add(new Calibration.Point(
                    shape, flops, shape.candidates(), seconds * (1 + noise * (2 * random.nextDouble() - 1))));
        }
        return points;
    }

    @Test
    void theFitRecoversTheParametersOfExactTimes() {
        HardwareProfile fitted = Calibration.fit("box", synthetic(23.5, 41.0, 0, 1), AT);
        assertThat(fitted.gflopsPerCore()).isCloseTo(23.5, within(1e-6));
        assertThat(fitted.candidateOverheadNs()).isCloseTo(41.0, within(1e-6));
        assertThat(fitted.name()).isEqualTo("box");
        assertThat(fitted.calibratedAt()).isEqualTo(AT);
        for (Calibration.Point p : synthetic(23.5, 41.0, 0, 1)) {
            assertThat(p.relativeError(fitted)).isCloseTo(0, within(1e-9));
        }
    }

    @Test
    void theFitOfNoisyTimesStaysCloseToTheTruth() {
        // +-5% on every time: both parameters within a few percent.
        HardwareProfile fitted = Calibration.fit("box", synthetic(23.5, 41.0, 0.05, 7), AT);
        assertThat(fitted.gflopsPerCore()).isCloseTo(23.5, within(23.5 * 0.06));
        assertThat(fitted.candidateOverheadNs()).isCloseTo(41.0, within(41.0 * 0.15));
    }

    @Test
    void aCandidateCostThatFitsBelowZeroIsFittedAsZero() {
        // Twice the FLOPs over ten times the candidates takes less than twice as long: only a negative cost per
        // candidate fits both exactly (1e6 a + 100 b = 1e-4, 2e6 a + 1000 b = 1.5e-4 give b < 0).
        List<Calibration.Point> points = List.of(
                new Calibration.Point(Calibration.SHAPES.get(0), 1_000_000, 100, 1e-4),
                new Calibration.Point(Calibration.SHAPES.get(1), 2_000_000, 1_000, 1.5e-4));
        HardwareProfile fitted = Calibration.fit("box", points, AT);
        assertThat(fitted.candidateOverheadNs()).isZero();
        // FLOPs alone, by hand: minimize (1e6 a / 1e-4 - 1)^2 + (2e6 a / 1.5e-4 - 1)^2 over a.
        double x1 = 1e6 / 1e-4;
        double x2 = 2e6 / 1.5e-4;
        double secondsPerFlop = (x1 + x2) / (x1 * x1 + x2 * x2);
        assertThat(fitted.gflopsPerCore()).isCloseTo(1e-9 / secondsPerFlop, within(1e-9));
    }

    @Test
    void tooFewPointsOrTimesThatDoNotGrowWithFlopsAreRefused() {
        assertThatThrownBy(() -> Calibration.fit("box", synthetic(20, 40, 0, 1).subList(0, 1), AT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot fit a hardware profile: need at least 2 shapes, got 1");
        assertThatThrownBy(() -> new Calibration.Point(Calibration.SHAPES.get(0), 1, 1, 0))
                .hasMessageContaining("its time must be positive, got 0.0");
    }

    @Test
    void aShortRunOnThisMachineTimesEachShapeInAJvmOfItsOwnAndFitsAProfile() {
        List<Calibration.Shape> shapes = List.of(Calibration.SHAPES.get(1), Calibration.SHAPES.get(7));
        List<String> progress = new ArrayList<>();
        Calibration.Result result = Calibration.run("this-machine", 3, Duration.ofMillis(200), shapes, progress::add);
        assertThat(result.points()).extracting(Calibration.Point::shape).containsExactlyElementsOf(shapes);
        ClickModel truth = new ClickModel(1);
        for (Calibration.Point p : result.points()) {
            assertThat(p.flops())
                    .isEqualTo(p.candidates() * new Scorer(p.shape().scorer(), truth, 1).flopsPerCandidate());
            assertThat(p.seconds()).isPositive();
        }
        assertThat(result.profile().gflopsPerCore()).isPositive();
        assertThat(result.profile().name()).isEqualTo("this-machine");
        assertThat(progress).hasSize(3);
        assertThat(progress.get(0)).startsWith("timing 2 shapes, each in a JVM of its own: 0.2 s of warm-up");
        assertThat(progress.get(2)).startsWith("2/2 dense(128 -> [256, 64] -> 1) x 1000: ");
    }

    @Test
    void timingInThisJvmGivesEveryShapesCountsAndAPositiveTime() {
        List<Calibration.Point> points = Calibration.measure(2, Duration.ofMillis(50), Calibration.SHAPES);
        assertThat(points).extracting(Calibration.Point::shape).containsExactlyElementsOf(Calibration.SHAPES);
        assertThat(points).allSatisfy(p -> assertThat(p.seconds()).isPositive());
    }

    @Test
    void aShapeGoesToItsJvmAndBackAsTheSameShape() {
        for (Calibration.Shape shape : Calibration.SHAPES) {
            assertThat(ShapeTimer.shape(ShapeTimer.args(shape).toArray(String[]::new)))
                    .isEqualTo(shape);
        }
        assertThat(ShapeTimer.args(Calibration.SHAPES.get(0))).containsExactly("logistic", "32", "-", "1400", "500");
    }
}

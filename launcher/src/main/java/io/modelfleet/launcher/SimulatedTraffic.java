package io.modelfleet.launcher;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.gate.CandidateQuality;
import io.modelfleet.core.slo.HourSums;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Traffic for the quality gate without logs: each hour, the model's rows split between the versions
 * at the launch's current share, drawn the way {@code generate predictions} draws them (a hidden
 * click probability q around the base rate in logit space, the label drawn from q, production
 * predicting q, the candidate as its {@link CandidateQuality} says). An hour's rows are drawn one by
 * one up to {@link #EXACT_ROWS}; above that, the hour's sums are drawn from the normal distribution
 * the central limit theorem gives them, with the per-row means and covariances measured on
 * {@link #MOMENT_ROWS} drawn rows, so a backtest of a thousand launches of busy models runs in
 * minutes. Every hour is a pure function of (seed, launch, version, hour, rows), so the policies a
 * backtest compares see the same traffic.
 */
public final class SimulatedTraffic implements GateSource {
    /** Rows per hour up to which an hour is drawn row by row. */
    static final int EXACT_ROWS = 4_000;

    static final int MOMENT_ROWS = 400_000;
    /** Spread of true click probabilities in logit space, as the log generator's. */
    static final double SIGNAL = 1.0;

    /** A model's traffic: its base click rate and its rows per hour. */
    public record Profile(double baseRate, long rowsPerHour) {
        public Profile {
            if (!(baseRate > 0 && baseRate < 1) || rowsPerHour < 1) {
                throw new IllegalArgumentException("bad traffic profile " + baseRate + ", " + rowsPerHour);
            }
        }
    }

    private final Duration attributionWindow;
    private final long seed;
    private final Function<LaunchRecord, Profile> profiles;
    private final Function<LaunchRecord, CandidateQuality> qualities;
    private final Map<String, Moments> moments = new ConcurrentHashMap<>();

    /**
     * @param profiles each launch's model's traffic
     * @param qualities each launch's candidate's quality
     */
    public SimulatedTraffic(
            Duration attributionWindow,
            long seed,
            Function<LaunchRecord, Profile> profiles,
            Function<LaunchRecord, CandidateQuality> qualities) {
        this.attributionWindow = requireNonNull(attributionWindow, "attributionWindow is null");
        this.seed = seed;
        this.profiles = requireNonNull(profiles, "profiles is null");
        this.qualities = requireNonNull(qualities, "qualities is null");
    }

    @Override
    public Instant labelledThrough(Instant now) {
        return now.minus(attributionWindow).truncatedTo(ChronoUnit.HOURS);
    }

    @Override
    public Sums sums(LaunchRecord launch, Instant from, Instant to) {
        Profile profile = profiles.apply(launch);
        CandidateQuality quality = qualities.apply(launch);
        double share = launch.candidatePercent() / 100;
        long candidateRows = Math.round(profile.rowsPerHour() * share);
        long productionRows = profile.rowsPerHour() - candidateRows;
        HourSums production = HourSums.EMPTY;
        HourSums candidate = HourSums.EMPTY;
        for (Instant hour = from; hour.isBefore(to); hour = hour.plus(Duration.ofHours(1))) {
            long epochHour = hour.getEpochSecond() / 3600;
            production = production.plus(
                    hour(launch.id(), 0, epochHour, productionRows, profile.baseRate(), CandidateQuality.GOOD));
            candidate = candidate.plus(hour(launch.id(), 1, epochHour, candidateRows, profile.baseRate(), quality));
        }
        return new Sums(production, candidate);
    }

    /** One hour of one version at this traffic's base rate, as {@link #sums} draws it. */
    HourSums hourOf(String launch, int version, long epochHour, long rows, CandidateQuality quality) {
        return hour(launch, version, epochHour, rows, profiles.apply(null).baseRate(), quality);
    }

    private HourSums hour(
            String launch, int version, long epochHour, long rows, double baseRate, CandidateQuality quality) {
        SplittableRandom random = new SplittableRandom(mix(seed, launch.hashCode(), version, epochHour, rows));
        if (rows <= EXACT_ROWS) {
            Row row = new Row();
            double[] x = new double[Moments.DIMENSIONS];
            for (long i = 0; i < rows; i++) {
                row.draw(random, baseRate, quality, x);
            }
            return row.sums(rows);
        }
        Moments m = moments.computeIfAbsent(
                baseRate + "|" + quality.spec(),
                key -> Moments.measure(new SplittableRandom(seed ^ key.hashCode()), baseRate, quality));
        return m.draw(random, rows);
    }

    /**
     * The sums an hour of production's traffic has on average: what {@link BakePlan} plans a
     * simulated model's bakes from (the product plans from {@code slo_hourly}).
     */
    public HourSums typicalHour(Profile profile) {
        Moments m = moments.computeIfAbsent(
                profile.baseRate() + "|" + CandidateQuality.GOOD.spec(),
                key -> Moments.measure(
                        new SplittableRandom(seed ^ key.hashCode()), profile.baseRate(), CandidateQuality.GOOD));
        double[] t = new double[Moments.DIMENSIONS];
        for (int i = 0; i < t.length; i++) {
            t[i] = m.mean()[i] * profile.rowsPerHour();
        }
        return of(profile.rowsPerHour(), Math.round(t[0]), t);
    }

    static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long part : parts) {
            h ^= part;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h;
    }

    /**
     * One row's contribution to the gate's sums, with weight 1: x = (y, p, l, p², py, l², ly), p the
     * prediction, l its log loss (prediction clipped as {@link HourSums#add} clips it).
     */
    static final class Row {
        private double positives;
        private final double[] totals = new double[Moments.DIMENSIONS];

        void draw(SplittableRandom random, double baseRate, CandidateQuality quality, double[] x) {
            double z = gaussian(random);
            double q = 1 / (1 + Math.exp(-(Math.log(baseRate / (1 - baseRate)) + SIGNAL * z)));
            int y = random.nextDouble() < q ? 1 : 0;
            double p0 = quality.noise() > 0
                    ? 1 / (1 + Math.exp(-(Math.log(q / (1 - q)) + quality.noise() * gaussian(random))))
                    : q;
            double p = Math.min(p0 * quality.factor(), 0.999999);
            double pc = Math.min(Math.max(p, HourSums.CLIP), 1 - HourSums.CLIP);
            double l = y == 1 ? -Math.log(pc) : -Math.log(1 - pc);
            x[0] = y;
            x[1] = p;
            x[2] = l;
            x[3] = p * p;
            x[4] = p * y;
            x[5] = l * l;
            x[6] = l * y;
            positives += y;
            for (int i = 0; i < x.length; i++) {
                totals[i] += x[i];
            }
        }

        HourSums sums(long rows) {
            return of(rows, Math.round(positives), totals);
        }
    }

    static HourSums of(long rows, long positives, double[] t) {
        // Weight 1: w = ww = rows, wwy = wy, wwl = wl.
        return new HourSums(
                rows, 0, 0, rows, positives, rows, t[0], t[1], t[2], rows, t[0], t[3], t[4], t[5], t[6], t[2]);
    }

    static double gaussian(SplittableRandom random) {
        // Box-Muller on (0, 1]: 1 - nextDouble() is never 0, so the logarithm is finite.
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** One row's mean vector and the Cholesky factor of its covariance, measured on drawn rows. */
    record Moments(double[] mean, double[][] cholesky) {
        static final int DIMENSIONS = 7;

        static Moments measure(SplittableRandom random, double baseRate, CandidateQuality quality) {
            Row row = new Row();
            double[] x = new double[DIMENSIONS];
            double[] mean = new double[DIMENSIONS];
            double[][] products = new double[DIMENSIONS][DIMENSIONS];
            for (int n = 0; n < MOMENT_ROWS; n++) {
                row.draw(random, baseRate, quality, x);
                for (int i = 0; i < DIMENSIONS; i++) {
                    mean[i] += x[i];
                    for (int j = 0; j <= i; j++) {
                        products[i][j] += x[i] * x[j];
                    }
                }
            }
            double[][] covariance = new double[DIMENSIONS][DIMENSIONS];
            for (int i = 0; i < DIMENSIONS; i++) {
                mean[i] /= MOMENT_ROWS;
            }
            for (int i = 0; i < DIMENSIONS; i++) {
                for (int j = 0; j <= i; j++) {
                    covariance[i][j] = products[i][j] / MOMENT_ROWS - mean[i] * mean[j];
                    covariance[j][i] = covariance[i][j];
                }
            }
            return new Moments(mean, cholesky(covariance));
        }

        /** The sums of {@code rows} rows: their mean times rows, plus normal noise of covariance rows·Σ. */
        HourSums draw(SplittableRandom random, long rows) {
            double[] g = new double[DIMENSIONS];
            for (int i = 0; i < DIMENSIONS; i++) {
                g[i] = gaussian(random);
            }
            double root = Math.sqrt(rows);
            double[] t = new double[DIMENSIONS];
            for (int i = 0; i < DIMENSIONS; i++) {
                double noise = 0;
                for (int j = 0; j <= i; j++) {
                    noise += cholesky[i][j] * g[j];
                }
                t[i] = rows * mean[i] + root * noise;
            }
            // y, p and their products lie in [0, rows]; l and its products are at least 0.
            for (int i = 0; i < DIMENSIONS; i++) {
                t[i] = Math.max(0, i == 2 || i == 5 || i == 6 ? t[i] : Math.min(rows, t[i]));
            }
            return of(rows, Math.round(t[0]), t);
        }

        /**
         * Lower-triangular L with L Lᵀ = Σ. The seven sums are nearly dependent (p² follows p), so a
         * pivot that rounding leaves at or below zero is taken as zero: that direction has no spread.
         */
        static double[][] cholesky(double[][] sigma) {
            int n = sigma.length;
            double[][] l = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double sum = sigma[i][j];
                    for (int k = 0; k < j; k++) {
                        sum -= l[i][k] * l[j][k];
                    }
                    if (i == j) {
                        l[i][i] = sum > 1e-15 * Math.max(1e-300, sigma[i][i]) ? Math.sqrt(sum) : 0;
                    } else {
                        l[i][j] = l[j][j] == 0 ? 0 : sum / l[j][j];
                    }
                }
            }
            return l;
        }
    }
}

package io.modelfleet.sim.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Service-time distributions for the simulator, all with a given mean (seconds). */
public interface ServiceTimes {
    double next(SplittableRandom random);

    /** Coefficient of variation (std / mean), for the analytic approximations. */
    double cv();

    static ServiceTimes exponential(double mean) {
        return new ServiceTimes() {
            @Override
            public double next(SplittableRandom random) {
                return -mean * Math.log(1 - random.nextDouble());
            }

            @Override
            public double cv() {
                return 1;
            }
        };
    }

    static ServiceTimes constant(double mean) {
        return new ServiceTimes() {
            @Override
            public double next(SplittableRandom random) {
                return mean;
            }

            @Override
            public double cv() {
                return 0;
            }
        };
    }

    /** Lognormal with the given mean and coefficient of variation. */
    static ServiceTimes lognormal(double mean, double cv) {
        double sigma2 = Math.log(1 + cv * cv);
        double sigma = Math.sqrt(sigma2);
        double mu = Math.log(mean) - sigma2 / 2;
        return new ServiceTimes() {
            @Override
            public double next(SplittableRandom random) {
                double z =
                        Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
                return Math.exp(mu + sigma * z);
            }

            @Override
            public double cv() {
                return cv;
            }
        };
    }

    /** Resamples measured service times (milliseconds, one per line), rescaled to {@code mean}. */
    static ServiceTimes trace(Path file, double mean) throws IOException {
        double[] samples = Files.readAllLines(file).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .mapToDouble(Double::parseDouble)
                .toArray();
        if (samples.length == 0) {
            throw new IllegalArgumentException("Cannot use trace " + file + ": it holds no service times");
        }
        double sum = 0;
        double sumSq = 0;
        for (double s : samples) {
            if (!(s > 0)) {
                throw new IllegalArgumentException(
                        "Cannot use trace " + file + ": service times must be positive, found " + s);
            }
            sum += s;
            sumSq += s * s;
        }
        double traceMean = sum / samples.length;
        double scale = mean / traceMean;
        double cv = Math.sqrt(Math.max(0, sumSq / samples.length - traceMean * traceMean)) / traceMean;
        return new ServiceTimes() {
            @Override
            public double next(SplittableRandom random) {
                return samples[random.nextInt(samples.length)] * scale;
            }

            @Override
            public double cv() {
                return cv;
            }
        };
    }

    /** Resamples measured service times, in seconds, as they are. */
    static ServiceTimes empirical(double[] seconds) {
        if (seconds.length == 0) {
            throw new IllegalArgumentException("Cannot resample service times: none were measured");
        }
        double[] samples = seconds.clone();
        double mean = Arrays.stream(samples).average().orElseThrow();
        double variance =
                Arrays.stream(samples).map(s -> (s - mean) * (s - mean)).sum() / samples.length;
        return new ServiceTimes() {
            @Override
            public double next(SplittableRandom random) {
                return samples[random.nextInt(samples.length)];
            }

            @Override
            public double cv() {
                return Math.sqrt(variance) / mean;
            }
        };
    }
}

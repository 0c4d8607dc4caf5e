package io.modelfleet.cli.options;

import picocli.CommandLine.Option;

/** {@code --seed}: every generator and sampler is deterministic for a seed. */
public final class SeedOption {
    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "S",
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    public long get() {
        return seed;
    }
}

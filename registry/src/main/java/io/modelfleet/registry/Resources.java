package io.modelfleet.registry;

/** CPU cores, memory (GiB) and GPUs: of one replica, of a pool's quota, or of a sum. */
public record Resources(double cpu, double memoryGb, long gpus) {
    public static final Resources ZERO = new Resources(0, 0, 0);

    public Resources {
        if (!(cpu >= 0) || !(memoryGb >= 0) || gpus < 0) {
            throw new IllegalArgumentException("Cannot create resources: values must be non-negative, got cpu=" + cpu
                    + " memory_gb=" + memoryGb + " gpus=" + gpus);
        }
    }

    public Resources plus(Resources other) {
        return new Resources(cpu + other.cpu, memoryGb + other.memoryGb, gpus + other.gpus);
    }

    public Resources times(long factor) {
        return new Resources(cpu * factor, memoryGb * factor, gpus * factor);
    }

    /** True if every dimension of this fits within {@code limit}. */
    public boolean fitsWithin(Resources limit) {
        return cpu <= limit.cpu + 1e-9 && memoryGb <= limit.memoryGb + 1e-9 && gpus <= limit.gpus;
    }
}

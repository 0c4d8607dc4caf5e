package io.modelfleet.bench;

import io.modelfleet.assembly.StandaloneCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tests' standalone cluster ({@link StandaloneCluster}: a master and WORKERS one-core workers
 * of MEMORY each, separate JVMs) for a shell benchmark, with the executors' peak memory and CPU
 * time, which {@code /usr/bin/time} on the driver cannot see: executors are the workers' children,
 * not the driver's.
 *
 * <p>Once the cluster is up it writes STATE/url. Then, until STATE/stop appears (or the process is
 * terminated), it samples every executor the workers run every 100 ms and rewrites STATE/executors.tsv
 * with one line per executor ever seen: pid, peak resident memory in KiB ({@code VmHWM}, which
 * the kernel keeps as a high-water mark, so sampling misses nothing but growth in an executor's
 * last 100 ms), and user+system CPU time in clock ticks as last sampled. A driver's executors are
 * the pids new to the file after it ran. Cluster logs go under ASSEMBLY_TARGET/cluster/NAME.
 *
 * <p>Usage: BenchCluster ASSEMBLY_TARGET NAME WORKERS MEMORY STATE
 */
public final class BenchCluster {
    private BenchCluster() {}

    private record Sample(long peakKib, long cpuTicks) {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path assemblyTarget = Path.of(args[0]).toAbsolutePath();
        String name = args[1];
        int workers = Integer.parseInt(args[2]);
        String memory = args[3];
        Path state = Path.of(args[4]);
        Files.createDirectories(state);
        Path stop = state.resolve("stop");
        Files.deleteIfExists(stop);
        Map<Long, Sample> seen = new LinkedHashMap<>();
        try (StandaloneCluster cluster = StandaloneCluster.start(assemblyTarget, name, workers, memory)) {
            write(state.resolve("url"), cluster.url() + "\n");
            while (!Files.exists(stop)) {
                boolean changed = false;
                for (ProcessHandle executor : cluster.executors()) {
                    Sample sample = sample(executor.pid());
                    if (sample != null && !sample.equals(seen.put(executor.pid(), sample))) {
                        changed = true;
                    }
                }
                if (changed) {
                    StringBuilder text = new StringBuilder();
                    seen.forEach((pid, s) -> text.append(pid)
                            .append('\t')
                            .append(s.peakKib())
                            .append('\t')
                            .append(s.cpuTicks())
                            .append('\n'));
                    write(state.resolve("executors.tsv"), text.toString());
                }
                Thread.sleep(100);
            }
        }
    }

    /** The process's peak RSS and CPU time so far, or null if it has just exited. */
    private static Sample sample(long pid) {
        try {
            long peak = -1;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    peak = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            // stat: "pid (comm) state ..."; comm may hold spaces, so count fields after its ')'.
            // utime and stime are fields 14 and 15, the 12th and 13th after comm.
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long cpu = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return peak < 0 ? null : new Sample(peak, cpu);
        } catch (IOException exited) {
            // gone (NoSuchFileException), or exiting: /proc reads then fail with ESRCH
            return null;
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

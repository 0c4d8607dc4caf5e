package io.modelfleet.registry.generate;

import static java.util.Objects.requireNonNull;

import io.modelfleet.registry.TrafficProfile;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Writes a {@link TrafficProfile} as {@code traffic/<surface>.yaml}: the modeline, a comment saying
 * how to write it again, and one field per line with what it means, so a reviewer reads the diff of
 * a regenerated profile without the schema at hand.
 */
public final class TrafficProfileYaml {
    private TrafficProfileYaml() {}

    /**
     * @param file where the text goes, for the modeline's relative schema path
     * @param command the command that wrote it, repeated in the file so anyone can regenerate it
     */
    public static String write(TrafficProfile profile, SchemaBase schemas, Path file, String command) {
        requireNonNull(profile, "profile is null");
        requireNonNull(command, "command is null");
        TrafficProfile.Recorded recorded = profile.recorded();
        TrafficProfile.SourcedCandidates sourced = profile.sourcedCandidates();
        TrafficProfile.Hardware hardware = profile.hardware();
        StringBuilder yaml = new StringBuilder();
        yaml.append(schemas.modeline(file, SchemaBase.Kind.TRAFFIC_PROFILE)).append('\n');
        yaml.append("# What 'registry diff' sizes this surface's launches from, without the traffic or Spark.\n");
        yaml.append("# Written from recorded traffic; regenerate it rather than edit it:\n");
        yaml.append("#   ").append(command).append('\n');
        yaml.append("kind: TrafficProfile\n");
        yaml.append("surface: ").append(profile.surface()).append('\n');
        yaml.append("profiled_at: ").append(profile.profiledAt()).append('\n');
        yaml.append("recorded:                       # the recorded traffic read\n");
        yaml.append("  from: ").append(recorded.from()).append('\n');
        yaml.append("  to: ").append(recorded.to()).append('\n');
        yaml.append("  hours: ").append(recorded.hours()).append('\n');
        yaml.append("  requests: ").append(recorded.requests()).append('\n');
        yaml.append("  traffic_seed: ").append(recorded.trafficSeed()).append('\n');
        yaml.append("  feature_width: ")
                .append(recorded.featureWidth())
                .append("              # features per (user, candidate) pair\n");
        yaml.append("peak:                           # the busiest hour: every stage is sized for it\n");
        yaml.append("  hour: ").append(profile.peak().hour()).append('\n');
        // Every digit: the plan sizes for exactly the rate the full estimate would.
        yaml.append("  production_rps: ").append(profile.peak().productionRps()).append('\n');
        yaml.append("sourced_candidates:             # candidates per request handed to the first ranking stage\n");
        yaml.append("  sampled_requests: ").append(sourced.sampledRequests()).append('\n');
        yaml.append("  samples_per_hour: ").append(sourced.samplesPerHour()).append('\n');
        yaml.append("  seed: ").append(sourced.seed()).append('\n');
        yaml.append("  percentiles:                  # p0 (fewest) .. p100 (most), ten a line\n");
        for (int from = 0; from < sourced.percentiles().size(); from += 10) {
            yaml.append(from == 0 ? "    [" : "     ")
                    .append(
                            sourced
                                    .percentiles()
                                    .subList(
                                            from,
                                            Math.min(
                                                    from + 10,
                                                    sourced.percentiles().size()))
                                    .stream()
                                    .map(String::valueOf)
                                    .collect(Collectors.joining(", ")))
                    .append(from + 10 >= sourced.percentiles().size() ? "]\n" : ",\n");
        }
        yaml.append("hardware:                       # service s = FLOPs / (gflops_per_core × 1e9)")
                .append(" + candidates × candidate_overhead_ns × 1e-9\n");
        yaml.append("  name: ").append(quoted(hardware.name())).append('\n');
        yaml.append("  gflops_per_core: ").append(hardware.gflopsPerCore()).append('\n');
        yaml.append("  candidate_overhead_ns: ")
                .append(hardware.candidateOverheadNs())
                .append('\n');
        return yaml.toString();
    }

    /** A YAML double-quoted scalar: whatever the name holds stays a string. */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

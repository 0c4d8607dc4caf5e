package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** A team: its people, its on-call, and the resource pools it owns. */
public record Team(
        String id,
        String name,
        String oncall,
        Optional<String> githubTeam,
        List<String> approvers,
        List<String> contacts,
        List<Pool> pools,
        String file) {
    public Team {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(oncall, "oncall is null");
        requireNonNull(githubTeam, "githubTeam is null");
        approvers = List.copyOf(approvers);
        contacts = List.copyOf(contacts);
        pools = List.copyOf(pools);
        requireNonNull(file, "file is null");
    }

    /** A virtual resource pool with its guaranteed quota. */
    public record Pool(String id, String team, Resources quota) {
        public Pool {
            requireNonNull(id, "id is null");
            requireNonNull(team, "team is null");
            requireNonNull(quota, "quota is null");
        }
    }
}

package io.modelfleet.launcher;

import io.modelfleet.registry.Launch;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.Resources;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcDataSource;

/** A launch database in H2 (one per test), the sample registry, and requests built from its models. */
final class LaunchFixtures {
    static final Path EXAMPLE =
            Path.of("..", "examples", "registry").toAbsolutePath().normalize();
    static final Instant START = Instant.parse("2026-11-30T09:00:00Z");
    static final List<Launch.Step> PLAN =
            List.of(new Launch.Step(1, 60), new Launch.Step(5, 60), new Launch.Step(25, 120), new Launch.Step(100, 0));

    private LaunchFixtures() {}

    /** A clock that moves only when told. */
    static final class TestClock implements InstantSource {
        private final AtomicReference<Instant> now = new AtomicReference<>(START);

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration duration) {
            now.updateAndGet(t -> t.plus(duration));
        }
    }

    /** A fresh in-memory H2 database, alive until the JVM ends; several connections see one database. */
    static LaunchDatabase database() {
        String url = "jdbc:h2:mem:launches-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        JdbcDataSource source = new JdbcDataSource();
        source.setURL(url);
        source.setUser("sa");
        LaunchDatabase database = source::getConnection;
        Launches.createTables(database);
        return database;
    }

    static Registry example() {
        return RegistryLoader.loadValid(EXAMPLE);
    }

    /** A request to launch {@code version} of {@code model} with {@code replicas} replicas of production's size. */
    static Launch request(Registry registry, String id, String model, String version, long replicas) {
        Model production = registry.model(model).orElseThrow();
        return new Launch(
                id,
                model,
                "omar@example.com",
                "A wider candidate with better offline NE (RANK-1).",
                new Launch.Candidate(
                        version,
                        "s3://models/" + model + "/" + version + "/model.pt",
                        OptionalLong.of(replicas),
                        Optional.of(production.serving().resources()),
                        OptionalLong.empty(),
                        OptionalDouble.empty(),
                        production.serving().scorer()),
                PLAN,
                Optional.empty(),
                "launches/" + id + ".yaml");
    }

    static Launch withExemption(Launch request, String approvedBy) {
        return new Launch(
                request.id(),
                request.model(),
                request.requestedBy(),
                request.reason(),
                request.candidate(),
                request.trafficPlan(),
                Optional.of(new Launch.Exemption("quality-fix", "repairs the drift that spent the budget", approvedBy)),
                request.file());
    }

    static LaunchRecord.Estimate estimate(String verdict, long replicas) {
        return new LaunchRecord.Estimate("est-" + UUID.randomUUID(), verdict, replicas, "the pool's answer", "{}");
    }

    static Resources sum(List<Resources> resources) {
        return resources.stream().reduce(Resources.ZERO, Resources::plus);
    }

    static long count(LaunchDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                var rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

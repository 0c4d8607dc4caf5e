package io.modelfleet.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.Resources;
import io.modelfleet.registry.TierPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The workflow's tables and the SQL over them. Every method runs in the caller's transaction; the
 * caller ({@link Launches}) makes one transaction per step.
 *
 * <ul>
 *   <li>{@code MF_LAUNCH}: one row per launch, its state and a version every transition bumps;
 *   <li>{@code MF_LAUNCH_APPROVAL}: who approved, in which role, when;
 *   <li>{@code MF_LAUNCH_EVENT}: every transition, numbered per launch from 1 (the primary key makes
 *       a doubled step impossible), with whether it has been copied to the {@code launch_events} table;
 *   <li>{@code MF_POOL} and {@code MF_POOL_RESERVATION}: a lockable row per pool, and what open
 *       launches hold in it.
 * </ul>
 */
final class LaunchStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "ID, MODEL, TEAM, POOL, TIER, REQUESTED_BY, REASON, STATE, VERSION, STEP,"
            + " CREATED, STATE_SINCE, STEP_SINCE, PRODUCTION_VERSION, PRODUCTION_REPLICAS, PRODUCTION_CPU,"
            + " PRODUCTION_MEMORY_GB, PRODUCTION_GPUS, CANDIDATE, TRAFFIC_PLAN, ESTIMATE_ID, VERDICT, ESTIMATE_REPLICAS,"
            + " POOL_REASON, EVIDENCE, APPROVED_AT, EXEMPTION, GATE, STEP_DEADLINE, WAITING_FOR";

    private LaunchStore() {}

    static void createTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (!tableExists(connection, "MF_LAUNCH")) {
                statement.execute(
                        "CREATE TABLE MF_LAUNCH (ID VARCHAR(80) NOT NULL PRIMARY KEY, MODEL VARCHAR(200) NOT NULL,"
                                + " TEAM VARCHAR(100) NOT NULL, POOL VARCHAR(100) NOT NULL, TIER VARCHAR(8) NOT NULL,"
                                + " REQUESTED_BY VARCHAR(200) NOT NULL, REASON VARCHAR(2000) NOT NULL, STATE VARCHAR(16) NOT NULL,"
                                + " VERSION INT NOT NULL, STEP INT NOT NULL, CREATED TIMESTAMP NOT NULL,"
                                + " STATE_SINCE TIMESTAMP NOT NULL, STEP_SINCE TIMESTAMP NOT NULL,"
                                + " PRODUCTION_VERSION VARCHAR(64) NOT NULL, PRODUCTION_REPLICAS BIGINT NOT NULL,"
                                + " PRODUCTION_CPU DOUBLE PRECISION NOT NULL, PRODUCTION_MEMORY_GB DOUBLE PRECISION NOT NULL,"
                                + " PRODUCTION_GPUS BIGINT NOT NULL, CANDIDATE VARCHAR(20000) NOT NULL,"
                                + " TRAFFIC_PLAN VARCHAR(4000) NOT NULL, ESTIMATE_ID VARCHAR(100), VERDICT VARCHAR(16),"
                                + " ESTIMATE_REPLICAS BIGINT, POOL_REASON VARCHAR(2000), EVIDENCE VARCHAR(200000),"
                                + " APPROVED_AT TIMESTAMP, EXEMPTION VARCHAR(4000), WAITING_FOR VARCHAR(2000) NOT NULL, VISITED TIMESTAMP)");
                statement.execute("CREATE INDEX MF_LAUNCH_STATE ON MF_LAUNCH (STATE)");
            }
            // Added with the quality gate; both H2 and PostgreSQL take ADD COLUMN IF NOT EXISTS.
            statement.execute("ALTER TABLE MF_LAUNCH ADD COLUMN IF NOT EXISTS GATE VARCHAR(1000)");
            statement.execute("ALTER TABLE MF_LAUNCH ADD COLUMN IF NOT EXISTS STEP_DEADLINE TIMESTAMP");
            if (!tableExists(connection, "MF_LAUNCH_APPROVAL")) {
                statement.execute(
                        "CREATE TABLE MF_LAUNCH_APPROVAL (LAUNCH VARCHAR(80) NOT NULL, ROLE VARCHAR(16) NOT NULL,"
                                + " APPROVER VARCHAR(200) NOT NULL, AT TIMESTAMP NOT NULL, PRIMARY KEY (LAUNCH, ROLE))");
            }
            if (!tableExists(connection, "MF_LAUNCH_EVENT")) {
                statement.execute("CREATE TABLE MF_LAUNCH_EVENT (LAUNCH VARCHAR(80) NOT NULL, SEQ INT NOT NULL,"
                        + " MODEL VARCHAR(200) NOT NULL, FROM_STATE VARCHAR(16) NOT NULL, TO_STATE VARCHAR(16) NOT NULL,"
                        + " ACTOR VARCHAR(200) NOT NULL, AT TIMESTAMP NOT NULL, REASON VARCHAR(4000) NOT NULL,"
                        + " EVIDENCE VARCHAR(200000) NOT NULL, PUBLISHED BOOLEAN NOT NULL, PRIMARY KEY (LAUNCH, SEQ))");
                statement.execute("CREATE INDEX MF_LAUNCH_EVENT_PUBLISHED ON MF_LAUNCH_EVENT (PUBLISHED)");
            }
            if (!tableExists(connection, "MF_POOL")) {
                statement.execute("CREATE TABLE MF_POOL (ID VARCHAR(100) NOT NULL PRIMARY KEY)");
            }
            if (!tableExists(connection, "MF_POOL_RESERVATION")) {
                statement.execute("CREATE TABLE MF_POOL_RESERVATION (LAUNCH VARCHAR(80) NOT NULL PRIMARY KEY,"
                        + " POOL VARCHAR(100) NOT NULL, CPU DOUBLE PRECISION NOT NULL, MEMORY_GB DOUBLE PRECISION NOT NULL,"
                        + " GPUS BIGINT NOT NULL, AT TIMESTAMP NOT NULL)");
            }
        }
    }

    static boolean tableExists(Connection connection, String table) throws SQLException {
        return LaunchDatabase.tableExists(connection, table);
    }

    // ---- launches ----------------------------------------------------------------------------

    static void insert(Connection tx, LaunchRecord launch) throws SQLException {
        try (PreparedStatement insert = tx.prepareStatement("INSERT INTO MF_LAUNCH (" + COLUMNS + ") VALUES ("
                + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            insert.setString(i++, launch.id());
            insert.setString(i++, launch.model());
            insert.setString(i++, launch.team());
            insert.setString(i++, launch.pool());
            insert.setString(i++, launch.tier());
            insert.setString(i++, launch.requestedBy());
            insert.setString(i++, launch.reason());
            insert.setString(i++, launch.state().name());
            insert.setInt(i++, launch.version());
            insert.setInt(i++, launch.step());
            setTime(insert, i++, launch.createdAt());
            setTime(insert, i++, launch.stateSince());
            setTime(insert, i++, launch.stepSince());
            insert.setString(i++, launch.productionVersion());
            insert.setLong(i++, launch.productionReplicas());
            insert.setDouble(i++, launch.productionPerReplica().cpu());
            insert.setDouble(i++, launch.productionPerReplica().memoryGb());
            insert.setLong(i++, launch.productionPerReplica().gpus());
            insert.setString(i++, candidateJson(launch.candidate()).toString());
            insert.setString(i++, planJson(launch.trafficPlan()).toString());
            insert.setString(
                    i++,
                    launch.estimate().map(LaunchRecord.Estimate::estimateId).orElse(null));
            insert.setString(
                    i++, launch.estimate().map(LaunchRecord.Estimate::verdict).orElse(null));
            if (launch.estimate().isPresent()) {
                insert.setLong(i++, launch.estimate().get().replicas());
            } else {
                insert.setNull(i++, Types.BIGINT);
            }
            insert.setString(
                    i++,
                    launch.estimate().map(LaunchRecord.Estimate::poolReason).orElse(null));
            insert.setString(
                    i++, launch.estimate().map(LaunchRecord.Estimate::evidence).orElse(null));
            setTime(insert, i++, launch.approvedAt());
            insert.setString(
                    i++,
                    launch.exemption().map(e -> exemptionJson(e).toString()).orElse(null));
            insert.setString(i++, gateJson(launch.gate()).toString());
            setTime(insert, i++, launch.stepDeadline());
            insert.setString(i, launch.waitingFor());
            insert.executeUpdate();
        }
    }

    static Optional<LaunchRecord> find(Connection tx, String id, boolean lock) throws SQLException {
        try (PreparedStatement select = tx.prepareStatement(
                "SELECT " + COLUMNS + " FROM MF_LAUNCH WHERE ID = ?" + (lock ? " FOR UPDATE" : ""))) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    /** Launches not ended, oldest first. */
    static List<LaunchRecord> open(Connection tx) throws SQLException {
        return list(tx, " WHERE STATE NOT IN ('DONE', 'REJECTED', 'ABORTED', 'ROLLED_BACK') ORDER BY CREATED, ID");
    }

    static List<LaunchRecord> all(Connection tx) throws SQLException {
        return list(tx, " ORDER BY CREATED, ID");
    }

    private static List<LaunchRecord> list(Connection tx, String where) throws SQLException {
        List<LaunchRecord> out = new ArrayList<>();
        try (PreparedStatement select = tx.prepareStatement("SELECT " + COLUMNS + " FROM MF_LAUNCH" + where);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                out.add(read(rows));
            }
        }
        return out;
    }

    /**
     * Moves a launch on and records the event, if the row is still at the version read; returns the
     * launch as it now is, or empty if another actor moved it first.
     */
    static Optional<LaunchRecord> transition(Connection tx, LaunchRecord from, Transition change) throws SQLException {
        try (PreparedStatement update = tx.prepareStatement("UPDATE MF_LAUNCH SET STATE = ?, VERSION = VERSION + 1,"
                + " STEP = ?, STATE_SINCE = ?, STEP_SINCE = ?, APPROVED_AT = ?, WAITING_FOR = ?, STEP_DEADLINE = ?"
                + " WHERE ID = ? AND VERSION = ?")) {
            update.setString(1, change.to().name());
            update.setInt(2, change.step());
            setTime(update, 3, change.to() == from.state() ? from.stateSince() : change.at());
            setTime(update, 4, change.step() == from.step() ? from.stepSince() : change.at());
            setTime(update, 5, change.approvedAt());
            update.setString(6, change.waitingFor());
            setTime(update, 7, change.stepDeadline());
            update.setString(8, from.id());
            update.setInt(9, from.version());
            if (update.executeUpdate() == 0) {
                return Optional.empty();
            }
        }
        try (PreparedStatement insert = tx.prepareStatement(
                "INSERT INTO MF_LAUNCH_EVENT (LAUNCH, SEQ, MODEL, FROM_STATE, TO_STATE, ACTOR, AT, REASON, EVIDENCE, PUBLISHED)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)")) {
            insert.setString(1, from.id());
            insert.setInt(2, from.version() + 1);
            insert.setString(3, from.model());
            insert.setString(4, from.state().name());
            insert.setString(5, change.to().name());
            insert.setString(6, change.actor());
            setTime(insert, 7, change.at());
            insert.setString(8, clip(change.reason(), 4000));
            insert.setString(9, change.evidence());
            insert.executeUpdate();
        }
        return find(tx, from.id(), false);
    }

    /** The first event of a launch: it came in (from nothing) as {@code to}. */
    static void recordSubmission(Connection tx, LaunchRecord launch, String actor, String reason, String evidence)
            throws SQLException {
        try (PreparedStatement insert = tx.prepareStatement(
                "INSERT INTO MF_LAUNCH_EVENT (LAUNCH, SEQ, MODEL, FROM_STATE, TO_STATE, ACTOR, AT, REASON, EVIDENCE, PUBLISHED)"
                        + " VALUES (?, ?, ?, 'NONE', ?, ?, ?, ?, ?, FALSE)")) {
            insert.setString(1, launch.id());
            insert.setInt(2, launch.version());
            insert.setString(3, launch.model());
            insert.setString(4, launch.state().name());
            insert.setString(5, actor);
            setTime(insert, 6, launch.createdAt());
            insert.setString(7, clip(reason, 4000));
            insert.setString(8, evidence);
            insert.executeUpdate();
        }
    }

    /**
     * Marks the launch visited by a controller tick at {@code now}, unless a tick at {@code now} or
     * later already visited it; returns whether this tick may act. Two controllers ticking at one
     * instant thus advance each launch once between them.
     */
    static boolean visit(Connection tx, String id, Instant now) throws SQLException {
        try (PreparedStatement update = tx.prepareStatement(
                "UPDATE MF_LAUNCH SET VISITED = ? WHERE ID = ? AND (VISITED IS NULL OR VISITED < ?)")) {
            setTime(update, 1, now);
            update.setString(2, id);
            setTime(update, 3, now);
            return update.executeUpdate() == 1;
        }
    }

    static void setWaiting(Connection tx, String id, String waitingFor) throws SQLException {
        try (PreparedStatement update =
                tx.prepareStatement("UPDATE MF_LAUNCH SET WAITING_FOR = ? WHERE ID = ? AND WAITING_FOR <> ?")) {
            update.setString(1, clip(waitingFor, 2000));
            update.setString(2, id);
            update.setString(3, clip(waitingFor, 2000));
            update.executeUpdate();
        }
    }

    /** What moves a launch: to which state and step, by whom, why, on what evidence. */
    record Transition(
            LaunchState to,
            int step,
            Optional<Instant> approvedAt,
            String actor,
            Instant at,
            String reason,
            String evidence,
            String waitingFor,
            Optional<Instant> stepDeadline) {}

    private static LaunchRecord read(ResultSet rows) throws SQLException {
        String verdict = rows.getString("VERDICT");
        Optional<LaunchRecord.Estimate> estimate = verdict == null
                ? Optional.empty()
                : Optional.of(new LaunchRecord.Estimate(
                        rows.getString("ESTIMATE_ID"),
                        verdict,
                        rows.getLong("ESTIMATE_REPLICAS"),
                        rows.getString("POOL_REASON"),
                        rows.getString("EVIDENCE")));
        String exemption = rows.getString("EXEMPTION");
        String gate = rows.getString("GATE");
        return new LaunchRecord(
                rows.getString("ID"),
                rows.getString("MODEL"),
                rows.getString("TEAM"),
                rows.getString("POOL"),
                rows.getString("TIER"),
                rows.getString("REQUESTED_BY"),
                rows.getString("REASON"),
                LaunchState.valueOf(rows.getString("STATE")),
                rows.getInt("VERSION"),
                rows.getInt("STEP"),
                time(rows, "CREATED"),
                time(rows, "STATE_SINCE"),
                time(rows, "STEP_SINCE"),
                rows.getString("PRODUCTION_VERSION"),
                rows.getLong("PRODUCTION_REPLICAS"),
                new Resources(
                        rows.getDouble("PRODUCTION_CPU"),
                        rows.getDouble("PRODUCTION_MEMORY_GB"),
                        rows.getLong("PRODUCTION_GPUS")),
                candidate(parse(rows.getString("CANDIDATE"))),
                plan(parse(rows.getString("TRAFFIC_PLAN"))),
                estimate,
                optionalTime(rows, "APPROVED_AT"),
                exemption == null ? Optional.empty() : Optional.of(exemption(parse(exemption))),
                gate == null ? TierPolicy.Gate.FALLBACK : gate(parse(gate)),
                optionalTime(rows, "STEP_DEADLINE"),
                rows.getString("WAITING_FOR"));
    }

    // ---- approvals ---------------------------------------------------------------------------

    /** One approval: who approved in which role, when. */
    record Approval(ApprovalRole role, String approver, Instant at) {}

    static List<Approval> approvals(Connection tx, String launch) throws SQLException {
        List<Approval> out = new ArrayList<>();
        try (PreparedStatement select = tx.prepareStatement(
                "SELECT ROLE, APPROVER, AT FROM MF_LAUNCH_APPROVAL WHERE LAUNCH = ? ORDER BY AT, ROLE")) {
            select.setString(1, launch);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.add(new Approval(ApprovalRole.valueOf(rows.getString(1)), rows.getString(2), time(rows, 3)));
                }
            }
        }
        return out;
    }

    static void addApproval(Connection tx, String launch, Approval approval) throws SQLException {
        try (PreparedStatement insert = tx.prepareStatement(
                "INSERT INTO MF_LAUNCH_APPROVAL (LAUNCH, ROLE, APPROVER, AT) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, launch);
            insert.setString(2, approval.role().name());
            insert.setString(3, approval.approver());
            setTime(insert, 4, approval.at());
            insert.executeUpdate();
        }
    }

    static void clearApprovals(Connection tx, String launch, Instant before) throws SQLException {
        try (PreparedStatement delete =
                tx.prepareStatement("DELETE FROM MF_LAUNCH_APPROVAL WHERE LAUNCH = ? AND AT < ?")) {
            delete.setString(1, launch);
            setTime(delete, 2, before);
            delete.executeUpdate();
        }
    }

    // ---- pools -------------------------------------------------------------------------------

    /** Makes sure every pool has its lock row; concurrent callers may race to insert it, which is harmless. */
    static void ensurePools(Connection tx, Collection<String> pools) throws SQLException {
        try (PreparedStatement insert =
                tx.prepareStatement("INSERT INTO MF_POOL (ID) SELECT ? FROM (VALUES (1)) AS ONE (X)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM MF_POOL WHERE ID = ?)")) {
            for (String pool : pools) {
                insert.setString(1, pool);
                insert.setString(2, pool);
                insert.executeUpdate();
            }
        }
    }

    /** Locks a pool's row: reservations in it are decided one at a time, across every node. */
    static void lockPool(Connection tx, String pool) throws SQLException {
        try (PreparedStatement select = tx.prepareStatement("SELECT ID FROM MF_POOL WHERE ID = ? FOR UPDATE")) {
            select.setString(1, pool);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("pool " + pool + " has no lock row");
                }
            }
        }
    }

    static Resources reserved(Connection tx, String pool) throws SQLException {
        try (PreparedStatement select = tx.prepareStatement("SELECT COALESCE(SUM(CPU), 0), COALESCE(SUM(MEMORY_GB), 0),"
                + " COALESCE(SUM(GPUS), 0) FROM MF_POOL_RESERVATION WHERE POOL = ?")) {
            select.setString(1, pool);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return new Resources(rows.getDouble(1), rows.getDouble(2), rows.getLong(3));
            }
        }
    }

    static Optional<Resources> reservation(Connection tx, String launch) throws SQLException {
        try (PreparedStatement select =
                tx.prepareStatement("SELECT CPU, MEMORY_GB, GPUS FROM MF_POOL_RESERVATION WHERE LAUNCH = ?")) {
            select.setString(1, launch);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(new Resources(rows.getDouble(1), rows.getDouble(2), rows.getLong(3)))
                        : Optional.empty();
            }
        }
    }

    static void reserve(Connection tx, String launch, String pool, Resources resources, Instant at)
            throws SQLException {
        try (PreparedStatement insert = tx.prepareStatement(
                "INSERT INTO MF_POOL_RESERVATION (LAUNCH, POOL, CPU, MEMORY_GB, GPUS, AT) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, launch);
            insert.setString(2, pool);
            insert.setDouble(3, resources.cpu());
            insert.setDouble(4, resources.memoryGb());
            insert.setLong(5, resources.gpus());
            setTime(insert, 6, at);
            insert.executeUpdate();
        }
    }

    static void release(Connection tx, String launch) throws SQLException {
        try (PreparedStatement delete = tx.prepareStatement("DELETE FROM MF_POOL_RESERVATION WHERE LAUNCH = ?")) {
            delete.setString(1, launch);
            delete.executeUpdate();
        }
    }

    // ---- events ------------------------------------------------------------------------------

    static List<LaunchEvent> events(Connection tx, Optional<String> launch, boolean unpublishedOnly, int limit)
            throws SQLException {
        String where = launch.isPresent() ? " WHERE LAUNCH = ?" : unpublishedOnly ? " WHERE PUBLISHED = FALSE" : "";
        List<LaunchEvent> out = new ArrayList<>();
        try (PreparedStatement select = tx.prepareStatement(
                "SELECT LAUNCH, SEQ, MODEL, FROM_STATE, TO_STATE, ACTOR, AT, REASON, EVIDENCE FROM MF_LAUNCH_EVENT"
                        + where + " ORDER BY LAUNCH, SEQ")) {
            select.setMaxRows(limit);
            if (launch.isPresent()) {
                select.setString(1, launch.get());
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.add(new LaunchEvent(
                            rows.getString(1),
                            rows.getInt(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getString(6),
                            time(rows, 7),
                            rows.getString(8),
                            rows.getString(9)));
                }
            }
        }
        return out;
    }

    static void markPublished(Connection tx, List<LaunchEvent> events) throws SQLException {
        try (PreparedStatement update =
                tx.prepareStatement("UPDATE MF_LAUNCH_EVENT SET PUBLISHED = TRUE WHERE LAUNCH = ? AND SEQ = ?")) {
            for (LaunchEvent event : events) {
                update.setString(1, event.launch());
                update.setInt(2, event.seq());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    // ---- JSON --------------------------------------------------------------------------------

    static ObjectNode candidateJson(LaunchRecord.CandidateServing candidate) {
        ObjectNode node = JSON.createObjectNode()
                .put("version", candidate.version())
                .put("artifact", candidate.artifact())
                .put("replicas", candidate.replicas());
        node.set("resources", resourcesJson(candidate.resources()));
        candidate.keepTop().ifPresent(k -> node.put("keep_top", k));
        candidate.latencyP99Ms().ifPresent(l -> node.put("latency_p99_ms", l));
        ObjectNode scorer =
                node.putObject("scorer").put("kind", candidate.scorerKind()).put("input_width", candidate.inputWidth());
        if (!candidate.hidden().isEmpty()) {
            ArrayNode hidden = scorer.putArray("hidden");
            candidate.hidden().forEach(hidden::add);
        }
        return node;
    }

    static ObjectNode resourcesJson(Resources resources) {
        return JSON.createObjectNode()
                .put("cpu", resources.cpu())
                .put("memory_gb", resources.memoryGb())
                .put("gpus", resources.gpus());
    }

    private static LaunchRecord.CandidateServing candidate(JsonNode node) {
        List<Integer> hidden = new ArrayList<>();
        node.path("scorer").path("hidden").forEach(width -> hidden.add(width.asInt()));
        JsonNode resources = node.path("resources");
        return new LaunchRecord.CandidateServing(
                node.path("version").asText(),
                node.path("artifact").asText(),
                node.path("replicas").asLong(),
                new Resources(
                        resources.path("cpu").asDouble(),
                        resources.path("memory_gb").asDouble(),
                        resources.path("gpus").asLong()),
                node.has("keep_top") ? Optional.of(node.get("keep_top").asLong()) : Optional.empty(),
                node.has("latency_p99_ms")
                        ? Optional.of(node.get("latency_p99_ms").asDouble())
                        : Optional.empty(),
                node.path("scorer").path("kind").asText(),
                node.path("scorer").path("input_width").asInt(),
                hidden);
    }

    static ArrayNode planJson(List<Launch.Step> plan) {
        ArrayNode steps = JSON.createArrayNode();
        plan.forEach(step -> steps.addObject()
                .put("percent", step.percent())
                .put("bake_minutes", step.bakeMinutes())
                .put("max_bake_minutes", step.maxBakeMinutes()));
        return steps;
    }

    private static List<Launch.Step> plan(JsonNode node) {
        List<Launch.Step> steps = new ArrayList<>();
        node.forEach(step -> steps.add(Launch.Step.of(step)));
        return steps;
    }

    static ObjectNode gateJson(TierPolicy.Gate gate) {
        return JSON.createObjectNode()
                .put("ne_margin", gate.neMargin())
                .put("calibration_margin", gate.calibrationMargin())
                .put("alpha", gate.alpha());
    }

    private static TierPolicy.Gate gate(JsonNode node) {
        return new TierPolicy.Gate(
                node.path("ne_margin").asDouble(),
                node.path("calibration_margin").asDouble(),
                node.path("alpha").asDouble());
    }

    static ObjectNode exemptionJson(Launch.Exemption exemption) {
        return JSON.createObjectNode()
                .put("kind", exemption.kind())
                .put("reason", exemption.reason())
                .put("approved_by", exemption.approvedBy());
    }

    private static Launch.Exemption exemption(JsonNode node) {
        return new Launch.Exemption(
                node.path("kind").asText(),
                node.path("reason").asText(),
                node.path("approved_by").asText());
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read stored launch field " + text, e);
        }
    }

    /**
     * Times are kept as UTC wall-clock {@code TIMESTAMP}s (JDBC's {@code LocalDateTime}), never in the
     * time zone of the JVM at hand: nodes and commands sharing one database may run in different
     * zones, and a zone's daylight-saving hour would otherwise be ambiguous.
     */
    static void setTime(PreparedStatement statement, int index, Instant time) throws SQLException {
        statement.setObject(index, LocalDateTime.ofInstant(time, ZoneOffset.UTC));
    }

    static void setTime(PreparedStatement statement, int index, Optional<Instant> time) throws SQLException {
        if (time.isPresent()) {
            setTime(statement, index, time.get());
        } else {
            statement.setNull(index, Types.TIMESTAMP);
        }
    }

    static Instant time(ResultSet rows, String column) throws SQLException {
        return rows.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    static Instant time(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    static Optional<Instant> optionalTime(ResultSet rows, String column) throws SQLException {
        LocalDateTime time = rows.getObject(column, LocalDateTime.class);
        return time == null ? Optional.empty() : Optional.of(time.toInstant(ZoneOffset.UTC));
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}

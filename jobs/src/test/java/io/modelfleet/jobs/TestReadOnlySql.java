package io.modelfleet.jobs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfleet.core.ModelfleetException;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The analyst's sql reads; the probes that deleted rows and replaced a folder outside the warehouse are refused. */
class TestReadOnlySql {
    private final SparkSession spark = SharedSpark.get();

    @Test
    void queriesAndShowDescribeExplainRun() {
        for (String query : new String[] {
            "SELECT tier, count(*) FROM slo_hourly WHERE status = 'UNSTABLE' GROUP BY tier",
            "WITH t AS (SELECT * FROM slo_hourly) SELECT count(*) FROM t",
            "SELECT * FROM slo_hourly WHERE model_id IN (SELECT model_id FROM slo_daily)",
            "SELECT * FROM range(10)",
            "SHOW TABLES",
            "DESCRIBE slo_hourly",
            "EXPLAIN SELECT * FROM slo_hourly"
        }) {
            assertThatCode(() -> ReadOnlySql.check(spark, query)).as(query).doesNotThrowAnyException();
        }
    }

    @Test
    void writesSessionChangesAndPathsOutsideTheWarehouseAreRefused() {
        String[][] probes = {
            {"DELETE FROM slo_hourly WHERE tier = 'TIER0'", "Cannot run DELETE: only queries run here"},
            {"INSERT OVERWRITE DIRECTORY '/tmp/x' USING csv SELECT * FROM slo_hourly", "Cannot run INSERT:"},
            {"INSERT INTO slo_hourly SELECT * FROM slo_hourly", "Cannot run INSERT:"},
            {"UPDATE slo_hourly SET status = 'STABLE'", "Cannot run UPDATE:"},
            {
                "MERGE INTO slo_hourly t USING slo_daily s ON t.model_id = s.model_id WHEN MATCHED THEN DELETE",
                "Cannot run MERGE:"
            },
            {"CREATE TABLE x USING delta LOCATION '/tmp/x' AS SELECT 1", "Cannot run CREATE:"},
            {"DROP TABLE slo_hourly", "Cannot run DROP:"},
            {"SET spark.sql.shuffle.partitions = 1", "Cannot run SET:"},
            {"CACHE TABLE slo_hourly", "Cannot run CACHE:"},
            {"SELECT * FROM parquet.`/etc/secrets`", "a read of the path /etc/secrets outside the warehouse"},
            {"SELECT * FROM delta.`/other/warehouse/t`", "outside the warehouse"},
            {"SELECT * FROM read_files('/etc')", "the table function read_files, which may read files"},
            {"SELEC * FROM slo_hourly", "Cannot run query: "}
        };
        for (String[] probe : probes) {
            assertThatThrownBy(() -> ReadOnlySql.check(spark, probe[0]))
                    .as(probe[0])
                    .isInstanceOf(ModelfleetException.class)
                    .hasMessageContaining(probe[1]);
        }
    }
}

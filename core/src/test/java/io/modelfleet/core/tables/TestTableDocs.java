package io.modelfleet.core.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestTableDocs {
    private static final Path README = Path.of("..", "README.md");
    private static final String BEGIN = "<!-- tables:begin";
    private static final String END = "<!-- tables:end -->";

    @Test
    void theReadmesTableReferenceIsRenderedFromTheDocs() throws IOException {
        String readme = Files.readString(README);
        int begin = readme.indexOf('\n', readme.indexOf(BEGIN)) + 1;
        int end = readme.indexOf(END);
        assertThat(readme.indexOf(BEGIN))
                .as("README has the tables:begin marker")
                .isNotNegative();
        assertThat(end).as("README has the tables:end marker").isGreaterThanOrEqualTo(begin);
        String rendered = TableDocs.markdown();
        if (Boolean.getBoolean("modelfleet.readme.update")) {
            Files.writeString(README, readme.substring(0, begin) + rendered + readme.substring(end));
            return;
        }
        assertThat(readme.substring(begin, end))
                .as("README's table reference; regenerate it with -Dmodelfleet.readme.update=true")
                .isEqualTo(rendered);
    }

    @Test
    void everyTableSaysWhatARowIsAndEveryColumnWhatItMeans() {
        assertThat(TableDocs.tables())
                .extracting(TableDocs.Table::name)
                .contains("slo_hourly", "slo_daily", "slo_daily_rollup", "slo_incidents", "job_runs", "launch_events");
        for (TableDocs.Table table : TableDocs.tables()) {
            assertThat(table.about()).as(table.name()).isNotBlank();
            assertThat(table.columns()).as(table.name()).isNotEmpty();
            table.columns()
                    .forEach((column, meaning) ->
                            assertThat(meaning).as(table.name() + "." + column).isNotBlank());
        }
    }

    @Test
    void commentsComeInTheSchemasOrderAndDriftIsRefused() {
        assertThat(TableDocs.comments("slo_unregistered", List.of("rows", "ds", "hour", "model_id", "run_id")))
                .first()
                .isEqualTo("rows logged under it in the hour");
        assertThatThrownBy(() -> TableDocs.comments("slo_unregistered", List.of("ds", "hour", "model_id", "rows")))
                .hasMessageContaining("documented but not written [run_id]");
        assertThatThrownBy(() -> TableDocs.comments(
                        "slo_unregistered", List.of("ds", "hour", "model_id", "rows", "run_id", "extra")))
                .hasMessageContaining("undocumented [extra]");
        assertThatThrownBy(() -> TableDocs.comments("no_such_table", List.of("a")))
                .hasMessageContaining("not documented");
    }
}

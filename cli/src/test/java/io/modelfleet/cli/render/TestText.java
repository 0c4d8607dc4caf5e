package io.modelfleet.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Probes: a 1 MB model id and one with an embedded newline were printed raw to the terminal. */
class TestText {
    @Test
    void hostileTextIsEscapedAndCutWithItsLength() {
        String huge = "x".repeat(1_048_576);
        assertThat(Text.inert(huge, 64))
                .hasSize(63 + "… (1,048,576 chars)".length())
                .endsWith("… (1,048,576 chars)");
        assertThat(Text.inert("evil\nid\u001b[31m", 64)).isEqualTo("evil\\nid\\u001b[31m");
        assertThat(Text.inert("right\u202eto-left", 64)).isEqualTo("right\\u202eto-left");
        assertThat(Text.inert("ig_feed_mtml_lsr_v3", 64)).isEqualTo("ig_feed_mtml_lsr_v3");
    }

    @Test
    void tablesShowCellsInertAndCsvKeepsDataButNoRawControls() {
        TextTable table = new TextTable(List.of("model_id", "rows")).row(List.of("a\nb\u0007", "3"));
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text, true));
        assertThat(text.toString()).contains("a\\nb\\u0007  3").doesNotContain("\u0007");
        StringWriter csv = new StringWriter();
        table.printCsv(new PrintWriter(csv, true));
        assertThat(csv.toString()).contains("\"a\nb\\u0007\",3").doesNotContain("\u0007");
    }
}

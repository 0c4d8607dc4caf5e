package io.modelfleet.cli.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.cli.HelpFooters;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help of every command on this module's classpath: the lean ones and slo, sql, launch, scheduler, generate. */
class TestSparkHelp {
    @TempDir
    Path cwd;

    @Test
    void everyFooterFitsTheHelpWidth() {
        assertThat(HelpFooters.commands())
                .contains(List.of("scheduler", "run"), List.of("generate", "traffic"), List.of("sql"));
        HelpFooters.assertEveryFooterFits(cwd);
    }
}

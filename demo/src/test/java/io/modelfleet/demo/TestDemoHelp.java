package io.modelfleet.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.cli.HelpFooters;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help of the whole command tree, as bin/modelfleet starts it: every module's commands and the demo. */
class TestDemoHelp {
    @TempDir
    Path cwd;

    @Test
    void everyFooterFitsTheHelpWidth() {
        assertThat(HelpFooters.commands()).contains(List.of("demo"), List.of("launch", "estimate"));
        HelpFooters.assertEveryFooterFits(cwd);
    }
}

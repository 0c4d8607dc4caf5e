package io.modelfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help of the commands this module holds (registry, generate registry, sim, completion). */
class TestHelp {
    @TempDir
    Path cwd;

    @Test
    void everyFooterFitsTheHelpWidth() {
        assertThat(HelpFooters.commands()).contains(List.of("registry", "validate"));
        HelpFooters.assertEveryFooterFits(cwd);
    }
}

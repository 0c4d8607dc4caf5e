package io.modelfleet.cli.spark.render;

import io.modelfleet.jobs.Warehouse;
import java.io.PrintWriter;

/** Names, on stderr, the warehouse folders a query left out (half-made or unreadable tables), once each. */
public final class SkippedTables {
    private SkippedTables() {}

    public static void warn(PrintWriter err, Warehouse warehouse) {
        for (Warehouse.SkippedTable skipped : warehouse.skipped()) {
            err.println("warning: left out " + skipped.name() + ": "
                    + skipped.problem().getMessage() + " (" + skipped.problem().hint() + ")");
        }
        err.flush();
    }
}

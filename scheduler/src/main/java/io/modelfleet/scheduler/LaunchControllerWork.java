package io.modelfleet.scheduler;

import io.modelfleet.launcher.Launches;
import java.util.List;

/** One firing of launch-controller: every open launch one step on, then the new events into launch_events. */
final class LaunchControllerWork {
    private LaunchControllerWork() {}

    static int run(SchedulerRuntime runtime) {
        Launches launches = runtime.launches();
        List<Launches.Step> steps = launches.tick(runtime.node());
        int moved = 0;
        for (Launches.Step step : steps) {
            if (step.moved()) {
                moved++;
                runtime.progress("launch-controller: " + step.launch() + " " + step.from() + " -> " + step.to() + ": "
                        + step.what());
            }
        }
        launches.publish(events -> LaunchEventsTable.publish(runtime.spark(), runtime.warehouse(), events));
        return moved;
    }
}

package io.modelfleet.scheduler;

import io.modelfleet.launcher.Launches;
import java.util.List;

/** One firing of launch-controller: every open launch one step on, then the new events into launch_events and the gate's looks into launch_gates. */
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
        launches.publishGates(looks -> LaunchGatesTable.publish(runtime.spark(), runtime.warehouse(), looks));
        return moved;
    }
}

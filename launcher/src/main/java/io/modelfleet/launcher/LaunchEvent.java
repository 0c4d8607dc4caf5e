package io.modelfleet.launcher;

import java.time.Instant;

/**
 * One step of a launch, as {@code launch_events} keeps it. {@code seq} counts a launch's events
 * from 1 without gaps; {@code from} equals {@code to} for a step within a state (a traffic step).
 *
 * @param evidence what the step was decided on, as JSON
 */
public record LaunchEvent(
        String launch,
        int seq,
        String model,
        String from,
        String to,
        String actor,
        Instant at,
        String reason,
        String evidence) {}

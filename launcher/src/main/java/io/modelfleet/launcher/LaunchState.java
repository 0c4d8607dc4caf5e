package io.modelfleet.launcher;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a launch is. The happy path runs REQUESTED → ESTIMATED → APPROVED → PREPARING → SHIFTING →
 * FINALIZING → DONE; FROZEN holds an approved launch while its team's error budget is spent; HELD
 * holds a step the quality gate could not decide in time;
 * REJECTED, ABORTED, ROLLED_BACK and DONE end it.
 */
public enum LaunchState {
    /** Submitted; the estimate is not recorded yet. */
    REQUESTED,
    /** Estimated; waits for its approvers. */
    ESTIMATED,
    /** Approved; waits for its pool to hold its resources. */
    APPROVED,
    /** Held by a launch freeze until the team's budget recovers. */
    FROZEN,
    /** Resources reserved; the candidate deploys and must become ready. */
    PREPARING,
    /** The candidate serves a growing share of traffic, step by step. */
    SHIFTING,
    /** The gate could not decide a step within its longest bake; traffic stays; a person decides. */
    HELD,
    /** All traffic moves; production's old version scales down; the registry change is written. */
    FINALIZING,
    DONE,
    REJECTED,
    ABORTED,
    ROLLED_BACK;

    public boolean isEnd() {
        return this == DONE || this == REJECTED || this == ABORTED || this == ROLLED_BACK;
    }

    /** Whether the candidate is deployed (and so rollback, not abort, takes it back). */
    public boolean deployed() {
        return this == PREPARING || this == SHIFTING || this == HELD || this == FINALIZING;
    }

    /** The states this one may move to. */
    public Set<LaunchState> next() {
        return switch (this) {
            case REQUESTED -> EnumSet.of(ESTIMATED, ABORTED);
            case ESTIMATED -> EnumSet.of(APPROVED, FROZEN, REJECTED, ABORTED);
            case APPROVED -> EnumSet.of(PREPARING, ESTIMATED, ABORTED);
            case FROZEN -> EnumSet.of(APPROVED, REJECTED, ABORTED);
            case PREPARING -> EnumSet.of(SHIFTING, ROLLED_BACK, ABORTED);
            case SHIFTING -> EnumSet.of(SHIFTING, HELD, FINALIZING, ROLLED_BACK);
            case HELD -> EnumSet.of(SHIFTING, FINALIZING, ROLLED_BACK);
            case FINALIZING -> EnumSet.of(DONE, ROLLED_BACK);
            case DONE, REJECTED, ABORTED, ROLLED_BACK -> EnumSet.noneOf(LaunchState.class);
        };
    }

    public boolean canMoveTo(LaunchState to) {
        return next().contains(to);
    }
}

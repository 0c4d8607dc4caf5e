package io.modelfleet.cli;

/** Exit codes every modelfleet command keeps to; scripts and CI key on them. */
public final class ExitCodes {
    /** Success; for validation, the input is valid. */
    public static final int OK = 0;
    /** The command ran and found problems: invalid registry, failed check, drift. */
    public static final int FINDINGS = 1;
    /** Usage or I/O error: bad flag, missing file, unreadable folder. */
    public static final int USAGE = 2;
    /** A bug in modelfleet. */
    public static final int INTERNAL = 3;

    private ExitCodes() {}
}

package io.modelfleet.launcher;

/** The parts a launch's approvals come from; each is filled by a different person. */
public enum ApprovalRole {
    /** One of the owning team's approvers: every launch. */
    TEAM("one of the owning team's approvers"),
    /** One of the platform team's approvers, as a second pair of eyes: TIER0 models. */
    PLATFORM("a platform approver (TIER0)"),
    /** One of the approvers of the team owning the pool: when the estimate says NEEDS_APPROVAL. */
    POOL("a pool owner (the estimate needs quota moved)");

    private final String description;

    ApprovalRole(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}

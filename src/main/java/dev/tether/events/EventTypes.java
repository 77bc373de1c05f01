package dev.tether.events;

import java.util.List;
import java.util.Set;

/** The event types Tether publishes; subscriptions may only name these. */
public final class EventTypes {

    public static final String USER_CREATED = "user.created";
    public static final String USER_UPDATED = "user.updated";
    public static final String USER_DEACTIVATED = "user.deactivated";
    public static final String USER_REACTIVATED = "user.reactivated";
    public static final String USER_DELETED = "user.deleted";
    public static final String GROUP_CREATED = "group.created";
    public static final String GROUP_UPDATED = "group.updated";
    public static final String GROUP_DELETED = "group.deleted";
    public static final String GROUP_MEMBER_ADDED = "group.member_added";
    public static final String GROUP_MEMBER_REMOVED = "group.member_removed";
    // Published by dev.tether.lineage: LineageRecords (writes) and RevocationRecords (the cascade).
    public static final String AGENT_CREATED = "agent.created";
    public static final String AGENT_UPDATED = "agent.updated";
    public static final String AGENT_SUSPENDED = "agent.suspended";
    public static final String AGENT_DELETED = "agent.deleted";
    public static final String DELEGATION_CREATED = "delegation.created";
    public static final String DELEGATION_REVOKED = "delegation.revoked";
    public static final String CREDENTIAL_REGISTERED = "credential.registered";
    public static final String CREDENTIAL_REVOKED = "credential.revoked";
    /** A delegation kept only some of its scopes (a reviewer's narrowing): old and new scopes. */
    public static final String DELEGATION_NARROWED = "delegation.narrowed";
    // Published by dev.tether.reviews: recertification campaigns.
    /** A delegation awaits its reviewer's answer in a campaign. */
    public static final String REVIEW_REQUESTED = "review.requested";
    /** A review item is still unanswered as its campaign's due date nears. */
    public static final String REVIEW_REMINDER = "review.reminder";
    /** A review item was answered (by its reviewer, or by the campaign's no-answer rule). */
    public static final String REVIEW_DECIDED = "review.decided";
    /** An app reported an agent action for a moment its credential or a link was already revoked or expired. */
    public static final String AGENT_ACTION_AFTER_REVOCATION = "agent.action_after_revocation";
    /** A signed audit checkpoint, so subscribers hold copies of each chain head. */
    public static final String AUDIT_CHECKPOINT = "audit.checkpoint";
    /** Sent by POST /admin/v1/subscriptions/{id}/test to that subscription only. */
    public static final String TEST = "tether.test";

    public static final List<String> ALL = List.of(USER_CREATED, USER_UPDATED, USER_DEACTIVATED, USER_REACTIVATED,
            USER_DELETED, GROUP_CREATED, GROUP_UPDATED, GROUP_DELETED, GROUP_MEMBER_ADDED, GROUP_MEMBER_REMOVED,
            AGENT_CREATED, AGENT_UPDATED, AGENT_SUSPENDED, AGENT_DELETED, DELEGATION_CREATED, DELEGATION_REVOKED,
            CREDENTIAL_REGISTERED, CREDENTIAL_REVOKED, AGENT_ACTION_AFTER_REVOCATION, AUDIT_CHECKPOINT,
            DELEGATION_NARROWED, REVIEW_REQUESTED, REVIEW_REMINDER, REVIEW_DECIDED);

    private static final Set<String> KNOWN = Set.copyOf(ALL);

    private EventTypes() {
    }

    public static boolean isKnown(String type) {
        return KNOWN.contains(type);
    }
}

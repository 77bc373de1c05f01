package dev.tether.authz;

/**
 * Why the decision point denied: which link of the chain failed. Codes, not sentences, so an
 * enforcement point can act on them; {@link #describe} is the operator's sentence.
 */
public final class DenyReason {

    public static final String UNSUPPORTED_SUBJECT = "unsupported_subject";
    public static final String NO_DELEGATION = "no_delegation";
    public static final String CREDENTIAL_UNKNOWN = "credential_unknown";
    public static final String CREDENTIAL_NOT_BOUND = "credential_not_bound";
    public static final String CREDENTIAL_REVOKED = "credential_revoked";
    public static final String CREDENTIAL_EXPIRED = "credential_expired";
    public static final String CHAIN_BROKEN = "chain_broken";
    public static final String DELEGATION_REVOKED = "delegation_revoked";
    public static final String DELEGATION_EXPIRED = "delegation_expired";
    public static final String AGENT_INACTIVE = "agent_inactive";
    public static final String USER_INACTIVE = "user_inactive";
    public static final String BASIS_GROUP_LOST = "basis_group_lost";
    public static final String SCOPE_NOT_GRANTED = "scope_not_granted";
    public static final String AUDIENCE_NOT_GRANTED = "audience_not_granted";
    public static final String DIRECTORY_DISABLED = "directory_disabled";

    private DenyReason() {
    }

    /** The operator's sentence for a deny: what failed, naming only links of the caller's own directory. */
    public static String describe(AccessDecision d) {
        String link = d.failedLink() == null ? "" : " " + d.failedLink();
        String why = d.revokeReason() == null ? "" : " (" + d.revokeReason() + ")";
        return switch (d.reason()) {
            case UNSUPPORTED_SUBJECT -> "the subject is not an agent or credential of this directory";
            case NO_DELEGATION -> "no delegation of this directory grants the subject anything";
            case CREDENTIAL_UNKNOWN -> "no credential of this directory has that id or handle";
            case CREDENTIAL_NOT_BOUND -> "credential" + link + " is not bound to that agent and delegation";
            case CREDENTIAL_REVOKED -> "credential" + link + " is revoked" + why;
            case CREDENTIAL_EXPIRED -> "credential" + link + " is expired";
            case CHAIN_BROKEN -> "delegation" + link + " rests on a delegation that no longer exists";
            case DELEGATION_REVOKED -> "delegation" + link + " is revoked" + why;
            case DELEGATION_EXPIRED -> "delegation" + link + " is expired";
            case AGENT_INACTIVE -> "the agent holding delegation" + link + " is not active";
            case USER_INACTIVE -> "the user who granted delegation" + link + " is not active";
            case BASIS_GROUP_LOST -> "the delegator of delegation" + link + " is no longer in one of its basis groups";
            case SCOPE_NOT_GRANTED -> "delegation" + link + " does not grant this action";
            case AUDIENCE_NOT_GRANTED -> (d.failedLinkType() != null && d.failedLinkType().equals("credential")
                    ? "credential" : "delegation") + link + " is not for this resource's audience";
            case DIRECTORY_DISABLED -> "the directory is disabled";
            default -> d.reason();
        };
    }
}

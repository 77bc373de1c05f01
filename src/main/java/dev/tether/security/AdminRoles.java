package dev.tether.security;

/** Roles of the admin API, read from the JWT `groups` claim. */
public final class AdminRoles {

    /** May do everything in the admin API. */
    public static final String OPERATOR = "tether-operator";

    /** May read and verify the audit trail of every directory, and nothing else. */
    public static final String AUDITOR = "tether-auditor";

    /** The agent platform or app that records grants and credentials and checks their status. */
    public static final String INTEGRATION = "tether-integration";

    /**
     * An app's policy enforcement point: asks the AuthZEN decision point and reports what agents
     * did. May be limited to some directories by {@link DirectoryClaim#CLAIM}.
     */
    public static final String PEP = "tether-pep";

    private AdminRoles() {
    }
}

package dev.tether.admin;

/** Roles of the admin API, read from the JWT `groups` claim. */
public final class AdminRoles {

    /** May do everything in the admin API. */
    public static final String OPERATOR = "tether-operator";

    /** The agent platform or app that records grants and credentials and checks their status. */
    public static final String INTEGRATION = "tether-integration";

    private AdminRoles() {
    }
}

package dev.tether.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A signed-in person in the console: who (the IdP's subject and name) and their console roles. */
public record ConsoleSession(UUID id, String subject, String name, List<String> roles, Instant expiresAt) {

    /** May change things; an auditor only looks. */
    public boolean operator() {
        return roles.contains(AdminRoles.OPERATOR);
    }

    /** The name to show: the IdP's, else the subject. */
    public String displayName() {
        return name == null || name.isBlank() ? subject : name;
    }
}

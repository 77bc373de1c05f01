package dev.tether.directory;

import java.util.List;
import java.util.UUID;

/**
 * The outcome of a successful SCIM bearer check: which directory, through which token, and
 * the ids of the IdP dialect rules an operator switched off for that directory (read in the
 * same statement, so serving a request costs no further query).
 */
public record AuthenticatedScimToken(UUID directoryId, UUID tokenId, List<String> disabledDialectRules) {

    public AuthenticatedScimToken {
        disabledDialectRules = disabledDialectRules == null ? List.of() : List.copyOf(disabledDialectRules);
    }

    public AuthenticatedScimToken(UUID directoryId, UUID tokenId) {
        this(directoryId, tokenId, List.of());
    }
}

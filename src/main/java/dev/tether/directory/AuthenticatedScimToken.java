package dev.tether.directory;

import java.util.List;
import java.util.UUID;

/**
 * The outcome of a successful SCIM bearer check: which directory, through which token, and the
 * directory's settings the SCIM path needs, read in the same statement so that serving a request
 * costs no further query: the ids of the IdP dialect rules an operator switched off, whether
 * attributes no schema defines are ignored rather than refused, and the version of the
 * directory's own extension schemas (0 while it has none), which tells a replica whether the
 * schemas it cached for the directory are still current.
 */
public record AuthenticatedScimToken(UUID directoryId, UUID tokenId, List<String> disabledDialectRules,
        boolean ignoreUnknownAttributes, long schemaVersion) {

    public AuthenticatedScimToken {
        disabledDialectRules = disabledDialectRules == null ? List.of() : List.copyOf(disabledDialectRules);
    }

    public AuthenticatedScimToken(UUID directoryId, UUID tokenId, List<String> disabledDialectRules) {
        this(directoryId, tokenId, disabledDialectRules, false, 0);
    }

    public AuthenticatedScimToken(UUID directoryId, UUID tokenId) {
        this(directoryId, tokenId, List.of());
    }
}

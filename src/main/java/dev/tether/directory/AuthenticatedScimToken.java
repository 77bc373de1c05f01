package dev.tether.directory;

import java.util.UUID;

/** The outcome of a successful SCIM bearer check: which directory, through which token. */
public record AuthenticatedScimToken(UUID directoryId, UUID tokenId) {
}

package dev.tether.directory;

import java.time.Instant;
import java.util.UUID;

/** A freshly issued token: the only place the secret ever appears. */
public record IssuedScimToken(UUID id, UUID directoryId, String token, Instant createdAt, Instant expiresAt) {
}

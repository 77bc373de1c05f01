package dev.tether.directory;

import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The changes an operator makes to directories and their SCIM tokens, one place for the admin API
 * and the console: each change and its {@link DirectoryAdministered} fact (the audit record,
 * actor from the cause) commit together, and a request that changes nothing records nothing.
 */
@ApplicationScoped
public class DirectoryAdministration {

    private final Directories directories;
    private final ScimTokens tokens;
    private final Clock clock;
    private final Event<DirectoryAdministered> administered;

    DirectoryAdministration(Directories directories, ScimTokens tokens, Clock clock, Event<DirectoryAdministered> administered) {
        this.directories = directories;
        this.tokens = tokens;
        this.clock = clock;
        this.administered = administered;
    }

    /** A token just issued, with the old one it replaces when it comes from a rotation. */
    public record Rotation(IssuedScimToken issued, ScimToken replaced) {
    }

    @Transactional
    public Directory create(String name, Cause cause) {
        Directory created = directories.create(name);
        fire(created.id, "directory.create", "Directory", created.id, Map.of("name", name), cause);
        return created;
    }

    /** @return the name it had; empty when the directory is unknown */
    @Transactional
    public Optional<String> rename(UUID directoryId, String name, Cause cause) {
        Optional<String> before = directories.rename(directoryId, name);
        before.filter(b -> !b.equals(name)).ifPresent(b -> fire(directoryId, "directory.rename", "Directory", directoryId,
                details("from", b, "to", name), cause));
        return before;
    }

    /** Its tokens stop working with this commit. @return false when the directory is unknown */
    @Transactional
    public boolean disable(UUID directoryId, Cause cause) {
        Optional<Directory> found = directories.find(directoryId);
        if (found.isEmpty()) {
            return false;
        }
        if (!found.get().disabled()) {
            directories.disable(directoryId);
            fire(directoryId, "directory.disable", "Directory", directoryId, Map.of(), cause);
        }
        return true;
    }

    /** @return false when the directory is unknown; an enabled one is left as it is */
    @Transactional
    public boolean enable(UUID directoryId, Cause cause) {
        Optional<Directory> found = directories.find(directoryId);
        if (found.isEmpty()) {
            return false;
        }
        Instant disabledAt = found.get().disabledAt;
        if (disabledAt != null) {
            directories.enable(directoryId);
            fire(directoryId, "directory.enable", "Directory", directoryId, Map.of("disabledAt", disabledAt.toString()), cause);
        }
        return true;
    }

    /** @throws ScimTokens.DirectoryUnavailableException when the directory is unknown or disabled */
    @Transactional
    public IssuedScimToken issueToken(UUID directoryId, String description, Instant expiresAt, Cause cause) {
        IssuedScimToken issued = tokens.issue(directoryId, description, expiresAt);
        fire(directoryId, "token.issue", "ScimToken", issued.id(),
                expiresAt == null ? Map.of() : Map.of("expiresAt", expiresAt.toString()), cause);
        return issued;
    }

    /**
     * Rotation with overlap: a new token with the old one's description now, and the old one keeps
     * working for {@code overlap} (less if it already expires sooner), so the IdP can be switched
     * without a failed sync. Empty when no such active token belongs to the directory.
     *
     * @throws ScimTokens.DirectoryUnavailableException when the directory is unknown or disabled
     */
    @Transactional
    public Optional<Rotation> rotateToken(UUID directoryId, UUID tokenId, Duration overlap, Cause cause) {
        if (directories.find(directoryId).filter(d -> !d.disabled()).isEmpty()) {
            throw new ScimTokens.DirectoryUnavailableException(directories.find(directoryId).isPresent());
        }
        Optional<ScimToken> old = tokens.expireBy(directoryId, tokenId, clock.instant().plus(overlap));
        if (old.isEmpty()) {
            return Optional.empty();
        }
        IssuedScimToken issued = tokens.issue(directoryId, old.get().description, null);
        fire(directoryId, "token.issue", "ScimToken", issued.id(), Map.of("replaces", tokenId.toString()), cause);
        fire(directoryId, "token.rotate", "ScimToken", tokenId,
                details("expiresAt", old.get().expiresAt.toString(), "replacement", issued.id().toString()), cause);
        return Optional.of(new Rotation(issued, old.get()));
    }

    /** @return false when no such token belongs to the directory; a revoked one stays as it is */
    @Transactional
    public boolean revokeToken(UUID directoryId, UUID tokenId, Cause cause) {
        boolean wasRevoked = tokens.find(directoryId, tokenId).map(t -> t.revokedAt != null).orElse(false);
        if (!tokens.revoke(directoryId, tokenId)) {
            return false;
        }
        if (!wasRevoked) {
            fire(directoryId, "token.revoke", "ScimToken", tokenId, Map.of(), cause);
        }
        return true;
    }

    private void fire(UUID directoryId, String action, String targetType, UUID targetId, Map<String, String> details,
            Cause cause) {
        administered.fire(new DirectoryAdministered(directoryId, action, targetType, targetId, details, cause));
    }

    private static Map<String, String> details(String k1, String v1, String k2, String v2) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(k1, v1);
        details.put(k2, v2);
        return details;
    }
}

package dev.tether.directory;

import dev.tether.platform.Cause;
import java.util.Map;
import java.util.UUID;

/**
 * An operator's change to a directory or one of its SCIM tokens (through the admin API or the
 * console), fired synchronously inside the change's transaction so the audit record commits
 * with it.
 *
 * @param action     as recorded: directory.create|rename|disable|enable, token.issue|rotate|revoke
 * @param targetType Directory or ScimToken
 * @param details    what the record shows besides the target, in order (names to values)
 */
public record DirectoryAdministered(UUID directoryId, String action, String targetType, UUID targetId,
        Map<String, String> details, Cause cause) {
}

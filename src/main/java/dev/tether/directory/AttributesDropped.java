package dev.tether.directory;

import dev.tether.platform.Cause;
import java.util.List;
import java.util.UUID;

/**
 * A SCIM write whose only content was attributes no schema defines: under the directory's
 * {@code ignore} policy they were left out and nothing else changed, so there is no create or
 * update to carry them. The audit trail still records what the IdP sent and in which request.
 * Names only, never values.
 */
public record AttributesDropped(UUID directoryId, String resourceType, UUID resourceId, Cause cause,
        List<String> attributes) {
}

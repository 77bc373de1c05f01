package dev.tether.admin;

import java.util.Optional;
import java.util.UUID;

/**
 * The one way the admin API reads an id from a path or a query. Only the canonical 36-character
 * form (any case) is an id: {@link UUID#fromString} also takes shortened forms such as
 * {@code 1-1-1-1-1}, which name nothing a client was ever given.
 */
final class AdminIds {

    private AdminIds() {
    }

    static Optional<UUID> parse(String raw) {
        if (raw == null || raw.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(raw));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** An id from the path: a malformed one names nothing, so it is a 404 with {@code notFoundDetail}. */
    static UUID pathId(String raw, String notFoundDetail) {
        return parse(raw).orElseThrow(() -> AdminProblemException.notFound(notFoundDetail));
    }

    /** An optional id from query parameter {@code name}: absent or empty is null, malformed is a 400 naming it. */
    static UUID queryId(String raw, String name) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        return parse(raw).orElseThrow(() -> AdminProblemException.badParameter(name, "\"" + name + "\" is not an id"));
    }
}

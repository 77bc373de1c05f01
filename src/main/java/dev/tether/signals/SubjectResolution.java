package dev.tether.signals;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds the user of the source's directory an RFC 9493 subject identifier names. The identifier's
 * value ({@code email}, the {@code sub} of {@code iss_sub}, an {@code opaque} id, an
 * {@code account} URI without its {@code acct:}, or the {@code user} member of a {@code complex}
 * subject) is compared with the user attributes the source's {@code subjectMatch} lists, in order
 * ({@code email}, {@code userName}, {@code externalId}); the first attribute that names exactly
 * one user wins. Only users of the source's own directory are ever found.
 */
final class SubjectResolution {

    /** The attributes a subject may be matched by, and the SQL that compares each (a constant of this code). */
    static final Map<String, String> MATCHES = Map.of(
            "email", "emails @> ARRAY[?::text]",
            "userName", "lower(user_name) = ?",
            "externalId", "external_id = ?");
    static final List<String> DEFAULT_MATCH = List.of("email", "userName", "externalId");

    private SubjectResolution() {
    }

    /** The subject of an event: the SET's {@code sub_id}, else the event's own {@code subject} (CAEP before SSF 1.0). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> subjectOf(Map<String, Object> claims, Map<String, Object> event) {
        Object subId = claims.get("sub_id");
        if (subId instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        Object subject = event.get("subject");
        return subject instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    /** The identifying value of a subject identifier, or empty for a format that names no user. */
    @SuppressWarnings("unchecked")
    static Optional<String> value(Map<String, Object> subject) {
        if (subject == null) {
            return Optional.empty();
        }
        Object format = subject.get("format");
        if (!(format instanceof String f)) {
            return Optional.empty();
        }
        Object v = switch (f) {
            case "email" -> subject.get("email");
            case "iss_sub" -> subject.get("sub");
            case "opaque" -> subject.get("id");
            case "account" -> subject.get("uri") instanceof String uri && uri.regionMatches(true, 0, "acct:", 0, 5)
                    ? uri.substring(5) : null;
            case "complex" -> subject.get("user") instanceof Map<?, ?> user
                    ? value((Map<String, Object>) user).orElse(null) : null;
            default -> null;
        };
        return v instanceof String s && !s.isBlank() && s.length() <= 2000 ? Optional.of(s) : Optional.empty();
    }

    /** The one user of the directory the subject names, or empty (unknown, or ambiguous under every match). */
    static Optional<UUID> resolve(SignalRows rows, UUID directoryId, List<String> subjectMatch,
            Map<String, Object> subject) throws SQLException {
        Optional<String> value = value(subject);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        for (String match : subjectMatch) {
            String condition = MATCHES.get(match);
            String bound = match.equals("externalId") ? value.get() : value.get().toLowerCase(Locale.ROOT);
            List<UUID> users = rows.query("SELECT id FROM users WHERE directory_id = ? AND " + condition + " LIMIT 2",
                    rs -> rs.getObject(1, UUID.class), directoryId, bound);
            if (users.size() == 1) {
                return Optional.of(users.get(0));
            }
        }
        return Optional.empty();
    }
}

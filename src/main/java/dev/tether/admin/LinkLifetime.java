package dev.tether.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The {@code expiresIn} of a time-limited link's request body, read the same way for every kind of
 * link, and any other duration an admin body carries.
 */
final class LinkLifetime {

    private LinkLifetime() {
    }

    /** Seconds (a JSON integer) or an ISO-8601 duration (a JSON string); null for the default. */
    static Duration asked(JsonNode expiresIn) {
        return duration(expiresIn, "expiresIn");
    }

    /** A duration field of an admin body, read the same way: seconds or ISO-8601; null when absent. */
    static Duration duration(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Duration.ofSeconds(value.asLong());
        }
        if (value.isTextual()) {
            try {
                return Duration.parse(value.asText());
            } catch (DateTimeParseException e) {
                // falls through to the refusal
            }
        }
        throw AdminProblemException.badField("/" + field,
                "\"" + field + "\" must be an ISO-8601 duration such as \"PT24H\" or \"P7D\", or a whole number of seconds");
    }
}

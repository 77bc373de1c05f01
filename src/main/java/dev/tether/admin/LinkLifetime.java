package dev.tether.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** The {@code expiresIn} of a time-limited link's request body, read the same way for every kind of link. */
final class LinkLifetime {

    private LinkLifetime() {
    }

    /** Seconds (a JSON integer) or an ISO-8601 duration (a JSON string); null for the default. */
    static Duration asked(JsonNode expiresIn) {
        if (expiresIn == null || expiresIn.isNull()) {
            return null;
        }
        if (expiresIn.isIntegralNumber() && expiresIn.canConvertToLong()) {
            return Duration.ofSeconds(expiresIn.asLong());
        }
        if (expiresIn.isTextual()) {
            try {
                return Duration.parse(expiresIn.asText());
            } catch (DateTimeParseException e) {
                // falls through to the refusal
            }
        }
        throw AdminProblemException.badField("/expiresIn",
                "\"expiresIn\" must be an ISO-8601 duration such as \"PT24H\" or \"P7D\", or a whole number of seconds");
    }
}

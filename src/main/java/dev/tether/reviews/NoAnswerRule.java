package dev.tether.reviews;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What a campaign does at its due date with an item nobody answered. */
public enum NoAnswerRule {
    /** Revoke the delegation through the cascade, reason {@code recertification}. */
    REVOKE("revoke"),
    /** Keep only the scopes used in the review period; revoke when none was used. */
    NARROW_TO_USED("narrow-to-used"),
    /** Leave the delegation as it is, the item marked for follow-up. */
    KEEP_FLAGGED("keep-flagged");

    @JsonValue
    public final String code;

    NoAnswerRule(String code) {
        this.code = code;
    }

    public static Optional<NoAnswerRule> of(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }
}

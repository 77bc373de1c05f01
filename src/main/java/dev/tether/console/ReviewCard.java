package dev.tether.console;

import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One review item as a page shows it: what the delegation allows (scopes, audience, expiry, the
 * chain from the human to the agent, its credentials), what was used of it in the review period,
 * who answers for it, and the answer once given.
 */
@TemplateData
public record ReviewCard(UUID id, String agent, String delegator, String reviewer, List<String> scopes, String audience,
        Instant expiresAt, List<String> chain, List<String> credentials, Instant usedSince, List<String> scopesUsed, long uses,
        Instant lastUsedAt, long denials, String decision, List<String> keptScopes, String decidedBy, Instant decidedAt,
        String justification) {

    /** Nothing was reported for it in the review period: the page makes this stand out. */
    public boolean neverUsed() {
        return uses == 0 && lastUsedAt == null;
    }

    public boolean usedScope(String scope) {
        return scopesUsed.contains(scope);
    }

    /** Granted but not used in the period: the first candidates to drop when narrowing. */
    public List<String> scopesUnused() {
        return scopes.stream().filter(s -> !scopesUsed.contains(s)).toList();
    }

    public boolean decided() {
        return decision != null;
    }

    public String decisionLabel() {
        if (decision == null) {
            return "Waiting";
        }
        return switch (decision) {
            case "approve" -> "Approved";
            case "revoke" -> "Revoked";
            case "narrow" -> "Narrowed";
            default -> decision.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + decision.substring(1);
        };
    }
}

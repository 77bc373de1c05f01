package dev.tether.reviews;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Which active delegations a campaign reviews; every field is optional and those given must all
 * hold: the agent is one of {@code agentIds}; the delegation holds one of {@code scopes}; its
 * audience is one of {@code audiences}; it was granted more than {@code olderThan} ago; nothing
 * was done under it (per the action trail) for {@code unusedFor}.
 */
public record CampaignSelection(List<UUID> agentIds, List<String> scopes, List<String> audiences, Duration olderThan,
        Duration unusedFor) {

    /**
     * A select object as it was asked and stored (ids and ISO 8601 durations as text), read
     * again: how a policy's recurring campaign gets its selection each time it opens.
     */
    static CampaignSelection fromAsked(JsonNode asked) {
        if (asked == null || asked.isNull()) {
            return new CampaignSelection(null, null, null, null, null);
        }
        List<String> agents = texts(asked.get("agentIds"));
        return new CampaignSelection(agents == null ? null : agents.stream().map(UUID::fromString).toList(),
                texts(asked.get("scopes")), texts(asked.get("audiences")), duration(asked.get("olderThan")),
                duration(asked.get("unusedFor")));
    }

    private static List<String> texts(JsonNode array) {
        if (array == null || array.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Duration duration(JsonNode text) {
        return text == null || text.isNull() ? null : Duration.parse(text.asText());
    }
}

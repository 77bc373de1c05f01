package dev.tether.reviews;

import java.time.Duration;
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
}

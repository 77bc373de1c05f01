package dev.tether.lineage;

import java.util.List;
import java.util.UUID;

/**
 * A lineage fact's names as well as its ids, so a receiving app can act on it without calling
 * Tether back: the agent (its name and external id), the root user (userName, external id) and
 * each delegation of the chain from the root user down, with its scopes. Read with the fact, by
 * the statement that made it true or one set-based query, never per row. Nothing in it is secret.
 *
 * @param rootUser    null for an agent fact that names no chain
 * @param delegations root first; empty when the fact names no delegation
 */
public record LineageContext(Agent agent, RootUser rootUser, List<Link> delegations) {

    public LineageContext {
        delegations = delegations == null ? List.of() : List.copyOf(delegations);
    }

    /** @param externalId null when the agent has none */
    public record Agent(UUID id, String name, String externalId) {
    }

    /** @param externalId null when the user has none */
    public record RootUser(UUID id, String userName, String externalId) {
    }

    /** One delegation of the chain and the scopes it grants. */
    public record Link(UUID delegationId, List<String> scopes) {

        public Link {
            scopes = List.copyOf(scopes);
        }
    }
}

package dev.tether.scim.api;

import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resource endpoints a directory serves, by path segment ("Users", "Groups"), in the
 * order root searches list them. Adding a resource type means adding it here.
 */
@ApplicationScoped
class ResourceEndpoints {

    private final Map<String, ResourceOperations> byEndpoint = new LinkedHashMap<>();

    ResourceEndpoints(UserOperations users, GroupOperations groups, AgentOperations agents, Transactions transactions) {
        byEndpoint.put("Users", new InOneTransaction(users, transactions));
        byEndpoint.put("Groups", new InOneTransaction(groups, transactions));
        byEndpoint.put("Agents", new InOneTransaction(agents, transactions));
    }

    /** The operations behind a path segment, or null when there is no such endpoint. */
    ResourceOperations get(String endpoint) {
        return byEndpoint.get(endpoint);
    }

    List<ResourceOperations> all() {
        return List.copyOf(byEndpoint.values());
    }
}

package dev.tether.scim.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Protocol limits, enforced and advertised in /ServiceProviderConfig. */
@ConfigMapping(prefix = "tether.scim")
public interface ScimLimits {

    /** Most resources one list or search response returns (filter.maxResults). */
    @WithDefault("1000")
    int maxPageSize();

    /** Most operations one Bulk request may carry (bulk.maxOperations). */
    @WithDefault("1000")
    int bulkMaxOperations();

    /** Largest Bulk request body in bytes (bulk.maxPayloadSize). */
    @WithDefault("1048576")
    int bulkMaxPayloadBytes();

    /** Longest filter expression accepted, in characters. */
    @WithDefault("4096")
    int filterMaxLength();

    /** Deepest nesting of parentheses, not and value paths in a filter. */
    @WithDefault("32")
    int filterMaxDepth();

    /**
     * Largest group whose members a PUT or PATCH response lists; larger groups are returned
     * without members unless the request names {@code members} in {@code attributes}.
     */
    @WithDefault("1000")
    int membersInWriteResponse();
}

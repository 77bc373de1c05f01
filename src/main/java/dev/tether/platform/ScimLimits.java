package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Protocol limits, enforced and advertised in /ServiceProviderConfig. Checked at start (SettingBounds): a
 * value out of range stops the server with a message naming the key.
 */
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
     * Longest string value, in characters, a SCIM resource may hold once written (POST, PUT,
     * PATCH, Bulk); longer is 400 {@code invalidValue}. Advertised in /ServiceProviderConfig.
     */
    @WithDefault("1024")
    int maxStringLength();

    /**
     * Longest value, in UTF-8 bytes, of an attribute kept in an indexed column (userName, name,
     * externalId, displayName, emails.value): a PostgreSQL b-tree entry holds at most 2704 bytes,
     * so this is what the schema allows, not a setting.
     */
    int INDEXED_VALUE_MAX_BYTES = 2000;

    /**
     * Largest group whose members a PUT or PATCH response lists; larger groups are returned
     * without members unless the request names {@code members} in {@code attributes}.
     */
    @WithDefault("1000")
    int membersInWriteResponse();

    /**
     * Longest a replica serves SCIM requests on a bearer token it verified without looking it up
     * again. A revocation, rotation, directory disable or settings change reaches every replica at
     * its commit (LISTEN/NOTIFY); this bounds how late it takes effect on a replica that did not
     * hear it. Zero: every request looks its token up.
     */
    @WithDefault("30S")
    Duration tokenHold();
}

package dev.tether.scim.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.scim.schema.ResourceSchema;
import java.util.function.LongPredicate;

/** What every SCIM resource endpoint (/Users, /Groups, ...) can do. */
interface ResourceOperations {

    /** The type's schema in force for the request's directory (built-in plus its own extensions). */
    ResourceSchema schema(ScimRequest request);

    ScimResult create(ScimRequest request, JsonNode body, RequestedAttributes projection);

    ScimResult get(ScimRequest request, String id, RequestedAttributes projection);

    /**
     * True when {@link #get} reads everything it shows in one statement, so it needs no
     * transaction around it: the JTA begin and commit cost more than the read itself.
     */
    default boolean getIsOneStatement() {
        return false;
    }

    /**
     * True when {@link #list} reads what it shows in one snapshot by itself (one statement, or a
     * transaction of its own when it needs more), so it needs no transaction around it.
     */
    default boolean listReadsOneSnapshot() {
        return false;
    }

    ScimResult replace(ScimRequest request, String id, JsonNode body, LongPredicate ifMatch,
            RequestedAttributes projection);

    ScimResult patch(ScimRequest request, String id, JsonNode body, LongPredicate ifMatch,
            RequestedAttributes projection);

    /**
     * True when {@link #patch} opens its transaction itself (a group's, which it may share with
     * concurrent changes to the same group), so it must not be called inside one.
     */
    default boolean patchOpensItsTransaction() {
        return false;
    }

    ScimResult delete(ScimRequest request, String id, LongPredicate ifMatch);

    ListPage list(ScimRequest request, ListRequest list, int offset, int limit);

    long count(ScimRequest request, ListRequest list);
}

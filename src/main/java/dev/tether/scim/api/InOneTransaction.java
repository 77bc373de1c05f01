package dev.tether.scim.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.platform.Transactions;
import dev.tether.scim.schema.ResourceSchema;
import java.util.function.LongPredicate;

/**
 * Runs each SCIM operation as one use case in one transaction: the write, what it sets off (a
 * cascade, its events and audit records) and the read of the response (a user's groups, say),
 * retried whole on a deadlock. A Bulk request runs each of its operations this way.
 */
final class InOneTransaction implements ResourceOperations {

    private final ResourceOperations operations;
    private final Transactions transactions;

    InOneTransaction(ResourceOperations operations, Transactions transactions) {
        this.operations = operations;
        this.transactions = transactions;
    }

    @Override
    public ResourceSchema schema(ScimRequest request) {
        return operations.schema(request);
    }

    @Override
    public ScimResult create(ScimRequest request, JsonNode body, RequestedAttributes projection) {
        return transactions.run(() -> operations.create(request, body, projection));
    }

    @Override
    public ScimResult get(ScimRequest request, String id, RequestedAttributes projection) {
        if (operations.getIsOneStatement()) {
            return operations.get(request, id, projection);
        }
        return transactions.run(() -> operations.get(request, id, projection));
    }

    @Override
    public ScimResult replace(ScimRequest request, String id, JsonNode body, LongPredicate ifMatch,
            RequestedAttributes projection) {
        return transactions.run(() -> operations.replace(request, id, body, ifMatch, projection));
    }

    @Override
    public ScimResult patch(ScimRequest request, String id, JsonNode body, LongPredicate ifMatch,
            RequestedAttributes projection) {
        if (operations.patchOpensItsTransaction()) {
            return operations.patch(request, id, body, ifMatch, projection);
        }
        return transactions.run(() -> operations.patch(request, id, body, ifMatch, projection));
    }

    @Override
    public ScimResult delete(ScimRequest request, String id, LongPredicate ifMatch) {
        return transactions.run(() -> operations.delete(request, id, ifMatch));
    }

    @Override
    public ListPage list(ScimRequest request, ListRequest list, int offset, int limit) {
        if (operations.listReadsOneSnapshot()) {
            return operations.list(request, list, offset, limit);
        }
        return transactions.run(() -> operations.list(request, list, offset, limit));
    }

    @Override
    public long count(ScimRequest request, ListRequest list) {
        return transactions.run(() -> operations.count(request, list));
    }
}

package dev.tether.scim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.MemberRows;
import dev.tether.directory.StoredResource;
import dev.tether.directory.UserDirectory;
import dev.tether.scim.schema.ResourceSchema;
import dev.tether.scim.schema.UnknownAttributes;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.LongPredicate;

/** The SCIM operations on /Users, shared by the HTTP endpoints and Bulk. */
@ApplicationScoped
class UserOperations implements ResourceOperations {

    static final String ENDPOINT = "/Users";
    static final String TYPE = "User";

    private final UserDirectory users;
    private final ScimProtocol protocol;
    private final ObjectMapper mapper;

    UserOperations(UserDirectory users, ScimProtocol protocol, ObjectMapper mapper) {
        this.users = users;
        this.protocol = protocol;
        this.mapper = mapper;
    }

    @Override
    public ResourceSchema schema(ScimRequest request) {
        return request.schemas().users();
    }

    @Override
    public ScimResult create(ScimRequest request, JsonNode body, RequestedAttributes projection) {
        UnknownAttributes.Stripped known = protocol.withoutUnknown(request, schema(request), body);
        ObjectNode doc = protocol.documentForCreate(schema(request), known.value());
        StoredResource created = users.create(request.directoryId(), doc, request.cause(),
                ScimProtocol.paths(known.dropped()));
        protocol.countDropped(request, known.dropped());
        // a user created just now cannot be in any group yet
        return render(request, created, projection, 201, List.of());
    }

    @Override
    public boolean getIsOneStatement() {
        return true;
    }

    @Override
    public ScimResult get(ScimRequest request, String id, RequestedAttributes projection) {
        UUID uuid = Representations.parseId(id, TYPE);
        UserDirectory.UserWithGroups found = users.findWithGroups(request.directoryId(), uuid,
                        protocol.wants(schema(request), "groups", projection))
                .orElseThrow(() -> ScimException.notFound(TYPE, id));
        return render(request, found.user(), projection, 200, found.groups());
    }

    @Override
    public ScimResult replace(ScimRequest request, String id, JsonNode body, LongPredicate ifMatch, RequestedAttributes projection) {
        UUID uuid = Representations.parseId(id, TYPE);
        UnknownAttributes.Stripped known = protocol.withoutUnknown(request, schema(request), body);
        StoredResource row = users.modify(request.directoryId(), uuid, ifMatch,
                current -> protocol.documentForReplace(schema(request), known.value(), current), request.cause(),
                ScimProtocol.paths(known.dropped()));
        protocol.countDropped(request, known.dropped());
        return render(request, row, projection, 200, groupsIfWanted(request, row, projection));
    }

    @Override
    public ScimResult patch(ScimRequest request, String id, JsonNode body, LongPredicate ifMatch, RequestedAttributes projection) {
        UUID uuid = Representations.parseId(id, TYPE);
        ScimProtocol.Patch patch = protocol.parsePatch(schema(request), body, request);
        StoredResource row = users.modify(request.directoryId(), uuid, ifMatch,
                current -> protocol.applyPatch(schema(request), uuid, current, patch), request.cause(),
                ScimProtocol.paths(patch.dropped()));
        protocol.countDropped(request, patch.dropped());
        return render(request, row, projection, 200, groupsIfWanted(request, row, projection));
    }

    @Override
    public ScimResult delete(ScimRequest request, String id, LongPredicate ifMatch) {
        users.delete(request.directoryId(), Representations.parseId(id, TYPE), ifMatch, request.cause());
        return ScimResult.noContent();
    }

    @Override
    public boolean listReadsOneSnapshot() {
        return true;
    }

    /** One page of users matching the request, rendered and projected. */
    @Override
    public ListPage list(ScimRequest request, ListRequest list, int offset, int limit) {
        boolean withGroups = protocol.wants(schema(request), "groups", new RequestedAttributes(list.attributes(),
                list.excludedAttributes()));
        UserDirectory.UserPage found = users.listWithGroups(request.directoryId(),
                protocol.query(schema(request), list, offset, limit, request.dialect()), withGroups);
        return Representations.page(mapper, protocol, schema(request), TYPE, ENDPOINT, request, list, found.page(), List.of("groups"),
                rows -> found.groups(), (node, derived) -> Representations.addGroups(node, derived, request));
    }

    @Override
    public long count(ScimRequest request, ListRequest list) {
        return users.list(request.directoryId(), protocol.query(schema(request), list, 0, 0, request.dialect())).totalResults();
    }

    private List<MemberRows.Membership> groupsIfWanted(ScimRequest request, StoredResource row,
            RequestedAttributes projection) {
        return protocol.wants(schema(request), "groups", projection) ? users.groupsOf(request.directoryId(), row.id()) : List.of();
    }

    private ScimResult render(ScimRequest request, StoredResource row, RequestedAttributes projection, int status,
            List<MemberRows.Membership> groups) {
        String location = request.location(ENDPOINT, row.id());
        ObjectNode full = Representations.resource(mapper, row, TYPE, location);
        Representations.addGroups(full, groups, request);
        return new ScimResult(status, protocol.project(schema(request), full, projection), row.version(), location);
    }
}

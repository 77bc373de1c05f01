package dev.tether.scim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.GroupChangeCombiner;
import dev.tether.directory.GroupDirectory;
import dev.tether.directory.MemberChange;
import dev.tether.directory.MemberRows;
import dev.tether.directory.ResourcePage;
import dev.tether.directory.StoredResource;
import dev.tether.platform.ScimLimits;
import dev.tether.scim.schema.ResourceSchema;
import dev.tether.scim.schema.UnknownAttributes;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.LongPredicate;

/**
 * The SCIM operations on /Groups, shared by the HTTP endpoints and Bulk. Members travel as
 * membership rows: a write changes rows, and members are read only when a response shows them.
 */
@ApplicationScoped
class GroupOperations implements ResourceOperations {

    static final String ENDPOINT = "/Groups";
    static final String TYPE = "Group";

    private final GroupDirectory groups;
    private final GroupChangeCombiner changesInTurn;
    private final ScimProtocol protocol;
    private final ObjectMapper mapper;
    private final ScimLimits limits;

    GroupOperations(GroupDirectory groups, GroupChangeCombiner changesInTurn, ScimProtocol protocol, ObjectMapper mapper,
            ScimLimits limits) {
        this.groups = groups;
        this.changesInTurn = changesInTurn;
        this.protocol = protocol;
        this.mapper = mapper;
        this.limits = limits;
    }

    @Override
    public ResourceSchema schema(ScimRequest request) {
        return request.schemas().groups();
    }

    @Override
    public ScimResult create(ScimRequest request, JsonNode body, RequestedAttributes projection) {
        UnknownAttributes.Stripped known = protocol.withoutUnknown(request, schema(request), body);
        ObjectNode doc = protocol.documentForCreate(schema(request), known.value());
        List<MemberChange.Requested> members = MemberRowChanges.requested(protocol.requestedMembers(known.value()));
        StoredResource created = groups.create(request.directoryId(), doc, members, request.cause(),
                ScimProtocol.paths(known.dropped()));
        protocol.countDropped(request, known.dropped());
        return render(request, created, projection, 201, true);
    }

    @Override
    public ScimResult get(ScimRequest request, String id, RequestedAttributes projection) {
        UUID uuid = Representations.parseId(id, TYPE);
        StoredResource row = groups.find(request.directoryId(), uuid)
                .orElseThrow(() -> ScimException.notFound(TYPE, id));
        return render(request, row, projection, 200, true);
    }

    /** PUT: the body's member list replaces the group's (an absent list empties it, RFC 7644 §3.5.1). */
    @Override
    public ScimResult replace(ScimRequest request, String id, JsonNode body, LongPredicate ifMatch,
            RequestedAttributes projection) {
        UUID uuid = Representations.parseId(id, TYPE);
        UnknownAttributes.Stripped known = protocol.withoutUnknown(request, schema(request), body);
        List<MemberChange.Requested> members = MemberRowChanges.requested(protocol.requestedMembers(known.value()));
        StoredResource row = groups.modify(request.directoryId(), uuid, ifMatch,
                current -> protocol.documentForReplace(schema(request), known.value(), current),
                List.of(new MemberChange.ReplaceAll(members)), request.cause(), ScimProtocol.paths(known.dropped()));
        protocol.countDropped(request, known.dropped());
        return render(request, row, projection, 200, false);
    }

    /**
     * The body is read before the change takes its turn; the change and the read of its response
     * run in a transaction that concurrent changes to the same group may share, each in arrival
     * order as if alone (see {@link GroupChangeCombiner}): IdPs add members one request at a
     * time, many at once, and one group's changes otherwise wait for one commit after another.
     */
    @Override
    public ScimResult patch(ScimRequest request, String id, JsonNode body, LongPredicate ifMatch,
            RequestedAttributes projection) {
        UUID uuid = Representations.parseId(id, TYPE);
        ScimProtocol.GroupPatch patch = protocol.parseGroupPatch(schema(request), body, request);
        List<MemberChange> memberChanges = MemberRowChanges.of(patch.memberChanges());
        List<String> dropped = ScimProtocol.paths(patch.document().dropped());
        Shown changed = changesInTurn.apply(request.directoryId(), uuid, () -> {
            StoredResource row = groups.modify(request.directoryId(), uuid, ifMatch,
                    current -> protocol.applyPatch(schema(request), uuid, current, patch.document()),
                    memberChanges, request.cause(), dropped);
            return shown(request, row, projection, false);
        });
        protocol.countDropped(request, patch.document().dropped());
        // the JSON is built after the commit, outside the turn the group's other changes wait for
        return render(request, changed, projection, 200);
    }

    @Override
    public boolean patchOpensItsTransaction() {
        return true;
    }

    @Override
    public ScimResult delete(ScimRequest request, String id, LongPredicate ifMatch) {
        groups.delete(request.directoryId(), Representations.parseId(id, TYPE), ifMatch, request.cause());
        return ScimResult.noContent();
    }

    @Override
    public ListPage list(ScimRequest request, ListRequest list, int offset, int limit) {
        ResourcePage page = groups.list(request.directoryId(), protocol.query(schema(request), list, offset, limit, request.dialect()));
        return Representations.page(mapper, protocol, schema(request), TYPE, ENDPOINT, request, list, page, List.of("members"),
                rows -> groups.membersOf(request.directoryId(), rows.stream().map(StoredResource::id).toList()), (node, derived) -> Representations.addMembers(node, derived, request));
    }

    @Override
    public long count(ScimRequest request, ListRequest list) {
        return groups.list(request.directoryId(), protocol.query(schema(request), list, 0, 0, request.dialect())).totalResults();
    }

    /**
     * Renders a group. After a write, members are shown only when the client asked for them
     * by name or the group is small: listing 100 000 members after adding one would make a
     * one-member change cost as much as the group is large (RFC 7644 §3.5.2 even allows 204).
     */
    private ScimResult render(ScimRequest request, StoredResource row, RequestedAttributes projection, int status,
            boolean fullRead) {
        return render(request, shown(request, row, projection, fullRead), projection, status);
    }

    /** What a response shows of a group: its row, and its members when they are shown (null when not). */
    private record Shown(StoredResource row, List<MemberRows.Member> members) {
    }

    /** Reads what the response shows; inside the write's transaction, so it is the write's own state. */
    private Shown shown(ScimRequest request, StoredResource row, RequestedAttributes projection, boolean fullRead) {
        if (protocol.wants(schema(request), "members", projection)) {
            boolean asked = projection.attributes().stream().anyMatch(p -> p.attribute().equalsIgnoreCase("members"));
            if (fullRead || asked || groups.memberCountAtMost(request.directoryId(), row.id(),
                    limits.membersInWriteResponse())) {
                return new Shown(row, groups.membersOf(request.directoryId(), List.of(row.id())).get(row.id()));
            }
        }
        return new Shown(row, null);
    }

    /** Builds the response's JSON from what was read; needs no transaction. */
    private ScimResult render(ScimRequest request, Shown shown, RequestedAttributes projection, int status) {
        StoredResource row = shown.row();
        String location = request.location(ENDPOINT, row.id());
        ObjectNode full = Representations.resource(mapper, row, TYPE, location);
        if (shown.members() != null) {
            Representations.addMembers(full, shown.members(), request);
        }
        return new ScimResult(status, protocol.project(schema(request), full, projection), row.version(), location);
    }
}

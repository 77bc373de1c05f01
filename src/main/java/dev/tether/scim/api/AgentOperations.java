package dev.tether.scim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.MemberRows;
import dev.tether.directory.ResourcePage;
import dev.tether.directory.StoredResource;
import dev.tether.lineage.AgentDirectory;
import dev.tether.lineage.LineageRefusal;
import dev.tether.scim.schema.ResourceSchema;
import dev.tether.scim.schema.UnknownAttributes;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongPredicate;

/** The SCIM operations on /Agents, shared by the HTTP endpoints and Bulk. */
@ApplicationScoped
class AgentOperations implements ResourceOperations {

    static final String ENDPOINT = "/Agents";
    static final String TYPE = "Agent";

    private final AgentDirectory agents;
    private final ScimProtocol protocol;
    private final ObjectMapper mapper;

    AgentOperations(AgentDirectory agents, ScimProtocol protocol, ObjectMapper mapper) {
        this.agents = agents;
        this.protocol = protocol;
        this.mapper = mapper;
    }

    @Override
    public ResourceSchema schema(ScimRequest request) {
        return request.schemas().agents();
    }

    @Override
    public ScimResult create(ScimRequest request, JsonNode body, RequestedAttributes projection) {
        UnknownAttributes.Stripped known = protocol.withoutUnknown(request, schema(request), body);
        ObjectNode doc = protocol.documentForCreate(schema(request), known.value());
        StoredResource created = refusalsAsScim(() -> agents.create(request.directoryId(), doc, request.cause(),
                ScimProtocol.paths(known.dropped())));
        protocol.countDropped(request, known.dropped());
        return render(request, created, projection, 201);
    }

    @Override
    public ScimResult get(ScimRequest request, String id, RequestedAttributes projection) {
        UUID uuid = Representations.parseId(id, TYPE);
        StoredResource row = agents.find(request.directoryId(), uuid)
                .orElseThrow(() -> ScimException.notFound(TYPE, id));
        return render(request, row, projection, 200);
    }

    @Override
    public ScimResult replace(ScimRequest request, String id, JsonNode body, LongPredicate ifMatch, RequestedAttributes projection) {
        UUID uuid = Representations.parseId(id, TYPE);
        UnknownAttributes.Stripped known = protocol.withoutUnknown(request, schema(request), body);
        StoredResource row = refusalsAsScim(() -> agents.modify(request.directoryId(), uuid, ifMatch,
                current -> protocol.documentForReplace(schema(request), known.value(), current), request.cause(),
                ScimProtocol.paths(known.dropped())));
        protocol.countDropped(request, known.dropped());
        return render(request, row, projection, 200);
    }

    @Override
    public ScimResult patch(ScimRequest request, String id, JsonNode body, LongPredicate ifMatch, RequestedAttributes projection) {
        UUID uuid = Representations.parseId(id, TYPE);
        ScimProtocol.Patch patch = protocol.parsePatch(schema(request), body, request);
        StoredResource row = refusalsAsScim(() -> agents.modify(request.directoryId(), uuid, ifMatch,
                current -> protocol.applyPatch(schema(request), uuid, current, patch), request.cause(),
                ScimProtocol.paths(patch.dropped())));
        protocol.countDropped(request, patch.dropped());
        return render(request, row, projection, 200);
    }

    @Override
    public ScimResult delete(ScimRequest request, String id, LongPredicate ifMatch) {
        agents.delete(request.directoryId(), Representations.parseId(id, TYPE), ifMatch, request.cause());
        return ScimResult.noContent();
    }

    /** One page of agents matching the request, rendered and projected. */
    @Override
    public ListPage list(ScimRequest request, ListRequest list, int offset, int limit) {
        ResourcePage page = agents.list(request.directoryId(), protocol.query(schema(request), list, offset, limit, request.dialect()));
        return Representations.page(mapper, protocol, schema(request), TYPE, ENDPOINT, request, list, page,
                List.of("groups", "owners"), rows -> derived(request, rows), (node, derived) -> {
                    if (derived != null) {
                        Representations.addGroups(node, derived.groups(), request);
                        Representations.completeOwners(node, derived.ownerNames(), request);
                    }
                });
    }

    /** What an agent's representation takes from other rows: its groups, its owners' names. */
    private record Derived(List<MemberRows.Membership> groups, Map<UUID, String> ownerNames) {
    }

    /** Read for a whole page: one query for the groups, one for every owner's name. */
    private Map<UUID, Derived> derived(ScimRequest request, List<StoredResource> rows) {
        Map<UUID, List<MemberRows.Membership>> groups =
                agents.groupsOf(request.directoryId(), rows.stream().map(StoredResource::id).toList());
        Map<UUID, String> ownerNames = agents.ownerNames(request.directoryId(), rows);
        Map<UUID, Derived> out = new HashMap<>();
        rows.forEach(r -> out.put(r.id(), new Derived(groups.get(r.id()), ownerNames)));
        return out;
    }

    @Override
    public long count(ScimRequest request, ListRequest list) {
        return agents.list(request.directoryId(), protocol.query(schema(request), list, 0, 0, request.dialect())).totalResults();
    }

    /** An owner that cannot sponsor (unknown or inactive user) is a bad value in the SCIM request. */
    private static StoredResource refusalsAsScim(java.util.function.Supplier<StoredResource> write) {
        try {
            return write.get();
        } catch (LineageRefusal e) {
            throw ScimException.badRequest("invalidValue", e.getMessage());
        }
    }

    private ScimResult render(ScimRequest request, StoredResource row, RequestedAttributes projection, int status) {
        String location = request.location(ENDPOINT, row.id());
        ObjectNode full = Representations.resource(mapper, row, TYPE, location);
        if (protocol.wants(schema(request), "groups", projection)) {
            Representations.addGroups(full, agents.groupsOf(request.directoryId(), List.of(row.id())).get(row.id()), request);
        }
        if (protocol.wants(schema(request), "owners", projection)) {
            Representations.completeOwners(full, agents.ownerNames(request.directoryId(), List.of(row)), request);
        }
        return new ScimResult(status, protocol.project(schema(request), full, projection), row.version(), location);
    }
}

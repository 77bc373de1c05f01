package dev.tether.scim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.ResourceQuery;
import dev.tether.directory.TableMappings;
import dev.tether.platform.ScimLimits;
import dev.tether.scim.filter.FilterEvaluator;
import dev.tether.scim.filter.FilterException;
import dev.tether.scim.filter.FilterLimits;
import dev.tether.scim.filter.FilterParser;
import dev.tether.scim.filter.SqlFragment;
import dev.tether.scim.filter.SqlMapping;
import dev.tether.scim.filter.SqlTranslator;
import dev.tether.scim.patch.DialectRule;
import dev.tether.scim.patch.IdpDialect;
import dev.tether.scim.patch.MemberChange;
import dev.tether.scim.patch.MembershipPatch;
import dev.tether.scim.patch.PatchEngine;
import dev.tether.scim.patch.PatchException;
import dev.tether.scim.patch.PatchOperation;
import dev.tether.scim.patch.PatchRequest;
import dev.tether.scim.schema.AttributePath;
import dev.tether.scim.schema.MemberRef;
import dev.tether.scim.schema.Projection;
import dev.tether.scim.schema.ResourceDocuments;
import dev.tether.scim.schema.ResourceSchema;
import dev.tether.scim.schema.SchemaRegistry;
import dev.tether.scim.schema.ScimValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Where the plain-Java protocol packages (schema, filter, patch) meet the server: one place
 * that validates documents, applies PATCH requests, translates list queries to SQL and
 * projects responses, for each resource type.
 */
@ApplicationScoped
public class ScimProtocol {

    private final SchemaRegistry registry;
    private final ResourceSchema users;
    private final ResourceSchema groups;
    private final ResourceSchema agents;
    /** Reads filters as Entra sends them too (bare-word values): {@link DialectRule#UNQUOTED_FILTER_VALUES}. */
    private final FilterParser filters;
    /** Reads only what RFC 7644 §3.4.2.2 allows, for directories that switched that rule off. */
    private final FilterParser strictFilters;
    private final Map<ResourceSchema, PerType> types;

    /** Everything the protocol needs per resource type, built once. */
    private record PerType(FilterEvaluator evaluator, SqlTranslator sql, PatchEngine patch, IdpDialect dialect) {
    }

    /** A parsed and normalised PATCH request for the stored document. */
    public record Patch(List<PatchOperation> operations) {
    }

    /**
     * A group PATCH split into member changes and the rest, which edits the document. The member
     * changes are the patch package's; {@link MemberRowChanges} turns them into the directory's
     * row changes.
     */
    public record GroupPatch(Patch document, List<MemberChange> memberChanges) {
    }

    ScimProtocol(ObjectMapper mapper, ScimLimits limits) {
        this.registry = SchemaRegistry.loadDefault(mapper);
        this.users = registry.resourceSchema("User");
        this.groups = registry.resourceSchema("Group");
        this.agents = registry.resourceSchema("Agent");
        FilterLimits filterLimits = new FilterLimits(limits.filterMaxLength(), limits.filterMaxDepth());
        this.filters = new FilterParser(filterLimits);
        this.strictFilters = new FilterParser(filterLimits, false);
        this.types = Map.of(
                users, perType(users, TableMappings.users()),
                groups, perType(groups, TableMappings.groups()),
                agents, perType(agents, TableMappings.agents()));
    }

    private PerType perType(ResourceSchema schema, SqlMapping mapping) {
        FilterEvaluator evaluator = new FilterEvaluator(schema);
        // PATCH value paths (emails[type eq "work"]) use the same evaluator as in-memory list filters
        return new PerType(evaluator, new SqlTranslator(schema, mapping),
                new PatchEngine(schema, evaluator), new IdpDialect(schema, filters));
    }

    /** The filter reader for a request under these dialect rules. */
    private FilterParser filters(Set<DialectRule> dialect) {
        return dialect.contains(DialectRule.UNQUOTED_FILTER_VALUES) ? filters : strictFilters;
    }

    public SchemaRegistry registry() {
        return registry;
    }

    public ResourceSchema users() {
        return users;
    }

    public ResourceSchema groups() {
        return groups;
    }

    public ResourceSchema agents() {
        return agents;
    }

    ObjectNode documentForCreate(ResourceSchema schema, JsonNode body) {
        return ResourceDocuments.forCreate(schema, body);
    }

    ObjectNode documentForReplace(ResourceSchema schema, JsonNode body, ObjectNode existing) {
        return ResourceDocuments.forReplace(schema, body, existing);
    }

    /** The members a group body lists (POST, PUT), as the client named them. */
    List<MemberRef> requestedMembers(JsonNode body) {
        return ResourceDocuments.members(groups, body);
    }

    /** Reads a PATCH body and rewrites the IdP quirks that the directory's dialect rules allow. */
    Patch parsePatch(ResourceSchema schema, JsonNode body, Set<DialectRule> dialect) {
        return new Patch(types.get(schema).dialect().normalise(PatchRequest.parse(body, filters(dialect), dialect), dialect));
    }

    /**
     * Applies the operations, then checks the result as a whole like any written document. The
     * resource's id is put in view of the engine so that a value echoing it (Okta sends
     * {@code {"id": ..., "active": false}}) is recognised as unchanged rather than as a write.
     */
    ObjectNode applyPatch(ResourceSchema schema, UUID id, ObjectNode current, Patch patch) {
        if (patch.operations().isEmpty()) {
            return current;
        }
        ObjectNode withId = current.deepCopy();
        withId.put("id", id.toString());
        ObjectNode patched = types.get(schema).patch().apply(withId, patch.operations());
        patched.remove("id");
        return ResourceDocuments.checkPatched(schema, patched, current);
    }

    GroupPatch parseGroupPatch(JsonNode body, Set<DialectRule> dialect) {
        PerType group = types.get(groups);
        List<PatchOperation> ops = group.dialect().normalise(PatchRequest.parse(body, filters(dialect), dialect), dialect);
        MembershipPatch.Split split = MembershipPatch.split(groups, ops, group.evaluator());
        return new GroupPatch(new Patch(split.otherOperations()), split.memberChanges());
    }

    ObjectNode project(ResourceSchema schema, ObjectNode full, RequestedAttributes requested) {
        return Projection.project(schema, full, requested.attributes(), requested.excludedAttributes());
    }

    boolean wants(ResourceSchema schema, String attribute, RequestedAttributes requested) {
        return Projection.wants(schema, attribute, requested.attributes(), requested.excludedAttributes());
    }

    /** Translates a list request's filter and sortBy into SQL over the type's table. */
    ResourceQuery query(ResourceSchema schema, ListRequest list, int offset, int limit, Set<DialectRule> dialect) {
        SqlTranslator sql = types.get(schema).sql();
        SqlFragment where = null;
        if (list.filter() != null) {
            where = sql.translate(filters(dialect).read(list.filter()));
        }
        SqlFragment order = null;
        if (list.sortBy() != null) {
            AttributePath path;
            try {
                path = AttributePath.parse(list.sortBy());
            } catch (IllegalArgumentException e) {
                throw ScimException.badRequest("invalidValue", "sortBy is not an attribute path: " + list.sortBy());
            }
            order = sql.orderBy(path);
        }
        return new ResourceQuery(
                where == null ? null : where.sql(), where == null ? List.of() : where.params(),
                order == null ? null : order.sql(), order == null ? List.of() : order.params(),
                list.descending(), offset, limit);
    }

    /** The SCIM error a protocol-level failure stands for, or null when it is none. */
    static ScimException asScimError(Throwable e) {
        if (e instanceof FilterException f) {
            return ScimException.badRequest("invalidFilter", f.getMessage());
        }
        if (e instanceof PatchException p) {
            return ScimException.badRequest(p.scimType(), p.detail());
        }
        if (e instanceof ScimValidationException v) {
            return ScimException.badRequest(v.scimType(), v.detail());
        }
        return null;
    }
}

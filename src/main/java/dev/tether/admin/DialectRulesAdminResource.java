package dev.tether.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tether.audit.AuditEntry;
import dev.tether.audit.AuditLog;
import dev.tether.directory.Directories;
import dev.tether.scim.patch.DialectRule;
import dev.tether.security.AdminRoles;
import dev.tether.security.RequestCause;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Operator API for a directory's IdP dialect rules: which of the quirks that real identity
 * providers send (Entra's {@code "op":"Replace"}, {@code "value":"False"}, ...) the directory's
 * SCIM endpoint forgives. Every rule is on unless switched off here; a directory fed by a client
 * that speaks plain RFC 7644 can switch them off to have such requests refused.
 */
@Path("/admin/v1/directories/{id}/dialect-rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminRoles.OPERATOR)
@CustomDeserialization(StrictJsonBinding.class)
public class DialectRulesAdminResource {

    static final int MAX_RULES = 100;

    @Inject
    Directories directories;

    @Inject
    AuditLog audit;

    @Inject
    RequestCause cause;

    /** One rule as the operator sees it. */
    public record RuleView(String id, String description, List<String> idps, String docs, boolean enabled) {
    }

    /** The body of PUT: the ids of the rules to switch off; every other rule is on. */
    public record DisabledRules(@Schema(required = true, maxItems = MAX_RULES) List<String> disabled)
            implements BodyFaults.Checked {

        @Override
        public void check(BodyFaults faults) {
            faults.required("disabled", disabled, "\"disabled\" is required: a list of rule ids, [] for all rules on")
                    .atMost("disabled", disabled, MAX_RULES, "\"disabled\" lists more than " + MAX_RULES + " ids");
        }
    }

    @GET
    public List<RuleView> list(@PathParam("id") String id) {
        UUID directoryId = AdminIds.pathId(id, DirectoryLookup.noDirectory(id));
        List<String> disabled = directories.disabledDialectRules(directoryId)
                .orElseThrow(() -> AdminProblemException.notFound(DirectoryLookup.noDirectory(id)));
        return views(DialectRule.allExcept(disabled));
    }

    @PUT
    @Transactional
    public List<RuleView> replace(@PathParam("id") String id, DisabledRules body) {
        BodyFaults.require(body, AdminErrorMapping.NOT_AN_OBJECT);
        UUID directoryId = AdminIds.pathId(id, DirectoryLookup.noDirectory(id));
        Set<DialectRule> off = EnumSet.noneOf(DialectRule.class);
        List<String> unknown = new ArrayList<>();
        for (String ruleId : body.disabled()) {
            Optional<DialectRule> rule = DialectRule.byId(ruleId);
            rule.ifPresentOrElse(off::add, () -> unknown.add(String.valueOf(ruleId)));
        }
        if (!unknown.isEmpty()) {
            throw AdminProblemException.badField("/disabled", "unknown dialect rule " + unknown + "; the rules are "
                    + DialectRule.ALL.stream().map(DialectRule::id).toList());
        }
        List<String> ids = off.stream().map(DialectRule::id).toList();
        if (!directories.setDisabledDialectRules(directoryId, ids)) {
            throw AdminProblemException.notFound(DirectoryLookup.noDirectory(id));
        }
        ArrayNode recorded = JsonNodeFactory.instance.arrayNode();
        ids.forEach(recorded::add);
        audit.append(AuditEntry.of(directoryId, "directory.dialect-rules.change")
                .target("Directory", directoryId)
                .detail("disabled", recorded)
                .cause(cause.get()));
        return views(EnumSet.complementOf(EnumSet.copyOf(off)));
    }

    private static List<RuleView> views(Set<DialectRule> enabled) {
        List<RuleView> out = new ArrayList<>();
        for (DialectRule r : DialectRule.values()) {
            out.add(new RuleView(r.id(), r.description(), r.idps(), r.docs(), enabled.contains(r)));
        }
        return out;
    }
}

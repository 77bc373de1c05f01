package dev.tether.admin;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.audit.AuditEntry;
import dev.tether.audit.AuditLog;
import dev.tether.directory.Directories;
import dev.tether.directory.DirectoryExtensions;
import dev.tether.directory.UniquenessException;
import dev.tether.scim.schema.CustomExtensions;
import dev.tether.scim.schema.SchemaRegistry;
import dev.tether.security.AdminRoles;
import dev.tether.security.RequestCause;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Operator API for a directory's own SCIM extension schemas (the custom attributes Entra and Okta
 * admins map into {@code urn:ietf:params:scim:schemas:extension:<Name>:2.0:User}) and for what its
 * SCIM endpoint does with attributes no schema defines. A change takes effect with the directory's
 * next SCIM request on every replica: it moves the directory's schema version on, which is read
 * with the SCIM token.
 */
@Path("/admin/v1/directories/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminRoles.OPERATOR)
@CustomDeserialization(StrictJsonBinding.class)
public class SchemaExtensionsAdminResource {

    @Inject
    DirectoryExtensions extensions;

    @Inject
    AuditLog audit;

    @Inject
    RequestCause cause;

    @Inject
    ObjectMapper mapper;

    /** The body of POST: an RFC 7643 §7 schema document plus the resource type it extends. */
    public record NewExtension(
            @Schema(required = true) String resourceType,
            List<String> schemas,
            @Schema(required = true) String id,
            String name,
            String description,
            JsonNode attributes) implements BodyFaults.Checked {

        @Override
        public void check(BodyFaults faults) {
            faults.required("resourceType", resourceType, "\"resourceType\" is required: User, Group or Agent")
                    .required("id", id, "\"id\" is required: the schema URN")
                    .required("attributes", attributes, "\"attributes\" is required: the attribute definitions");
        }
    }

    /** A registered extension as the operator sees it. */
    public record ExtensionView(String id, String resourceType, ObjectNode schema, OffsetDateTime createdAt) {
    }

    /** The body of PUT unknown-attributes. */
    public record UnknownAttributesPolicy(@Schema(required = true) String policy) implements BodyFaults.Checked {

        @Override
        public void check(BodyFaults faults) {
            faults.required("policy", policy, "\"policy\" is required: \"reject\" or \"ignore\"");
        }
    }

    @GET
    @Path("schemas")
    public List<ExtensionView> list(@PathParam("id") String id) {
        UUID directoryId = AdminIds.pathId(id, DirectoryLookup.noDirectory(id));
        DirectoryExtensions.Snapshot snapshot = extensions.snapshot(directoryId)
                .orElseThrow(() -> AdminProblemException.notFound(DirectoryLookup.noDirectory(id)));
        List<ExtensionView> out = new ArrayList<>();
        for (DirectoryExtensions.StoredExtension e : snapshot.extensions()) {
            out.add(new ExtensionView(e.schemaUrn(), e.resourceType(), e.schema(), e.created()));
        }
        return out;
    }

    @POST
    @Path("schemas")
    @Transactional
    @APIResponse(responseCode = "201", description = "the registered extension schema",
            headers = @Header(name = "Location", description = "the new object's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExtensionView.class)))
    public Response register(@PathParam("id") String id,
            NewExtension body, @Context UriInfo uriInfo) {
        BodyFaults.require(body, AdminErrorMapping.NOT_AN_OBJECT);
        UUID directoryId = AdminIds.pathId(id, DirectoryLookup.noDirectory(id));
        DirectoryExtensions.Snapshot snapshot = extensions.snapshot(directoryId)
                .orElseThrow(() -> AdminProblemException.notFound(DirectoryLookup.noDirectory(id)));
        ObjectNode doc = mapper.createObjectNode();
        doc.put("id", body.id());
        if (body.name() != null) {
            doc.put("name", body.name());
        }
        if (body.description() != null) {
            doc.put("description", body.description());
        }
        doc.set("attributes", body.attributes());
        List<SchemaRegistry.Extension> current = new ArrayList<>();
        snapshot.extensions().forEach(e -> current.add(new SchemaRegistry.Extension(e.resourceType(), e.schema())));
        SchemaRegistry registry = SchemaRegistry.loadDefault(mapper).withExtensions(current);
        try {
            CustomExtensions.check(registry, body.resourceType(), doc);
        } catch (IllegalArgumentException e) {
            throw AdminProblemException.badRequest(e.getMessage());
        }
        ObjectNode stored = CustomExtensions.normalised(doc);
        try {
            if (!extensions.add(directoryId, body.id(), body.resourceType(), stored)) {
                throw AdminProblemException.notFound(DirectoryLookup.noDirectory(id));
            }
        } catch (UniquenessException e) {
            throw new AdminProblemException(Response.Status.CONFLICT, e.getMessage());
        }
        audit.append(AuditEntry.of(directoryId, "directory.schema-extension.add")
                .target("Directory", directoryId)
                .detail("schema", mapper.getNodeFactory().textNode(body.id()))
                .detail("resourceType", mapper.getNodeFactory().textNode(body.resourceType()))
                .detail("attributes", attributeNames(stored))
                .cause(cause.get()));
        ExtensionView view = new ExtensionView(body.id(), body.resourceType(), stored, null);
        return Response.created(uriInfo.getAbsolutePathBuilder().path(body.id()).build()).entity(view).build();
    }

    @DELETE
    @Path("schemas/{urn}")
    @Transactional
    @APIResponse(responseCode = "204", description = "removed; stored values stay in the documents")
    public Response remove(@PathParam("id") String id, @PathParam("urn") String urn) {
        UUID directoryId = AdminIds.pathId(id, DirectoryLookup.noDirectory(id));
        DirectoryExtensions.StoredExtension removed = extensions.remove(directoryId, urn)
                .orElseThrow(() -> AdminProblemException.notFound("directory " + id + " has no schema " + urn));
        // Stored documents keep the extension's values; they are no longer served, filtered or validated.
        audit.append(AuditEntry.of(directoryId, "directory.schema-extension.remove")
                .target("Directory", directoryId)
                .detail("schema", mapper.getNodeFactory().textNode(removed.schemaUrn()))
                .detail("resourceType", mapper.getNodeFactory().textNode(removed.resourceType()))
                .cause(cause.get()));
        return Response.noContent().build();
    }

    @GET
    @Path("unknown-attributes")
    public UnknownAttributesPolicy unknownAttributes(@PathParam("id") String id) {
        UUID directoryId = AdminIds.pathId(id, DirectoryLookup.noDirectory(id));
        return new UnknownAttributesPolicy(extensions.unknownAttributes(directoryId)
                .orElseThrow(() -> AdminProblemException.notFound(DirectoryLookup.noDirectory(id))));
    }

    @PUT
    @Path("unknown-attributes")
    @Transactional
    public UnknownAttributesPolicy setUnknownAttributes(@PathParam("id") String id,
            UnknownAttributesPolicy body) {
        BodyFaults.require(body, AdminErrorMapping.NOT_AN_OBJECT);
        UUID directoryId = AdminIds.pathId(id, DirectoryLookup.noDirectory(id));
        if (!Directories.REJECT.equals(body.policy()) && !Directories.IGNORE.equals(body.policy())) {
            throw AdminProblemException.badRequest("\"policy\" must be \"reject\" or \"ignore\"");
        }
        if (!extensions.setUnknownAttributes(directoryId, body.policy())) {
            throw AdminProblemException.notFound(DirectoryLookup.noDirectory(id));
        }
        audit.append(AuditEntry.of(directoryId, "directory.unknown-attributes.change")
                .target("Directory", directoryId)
                .detail("policy", mapper.getNodeFactory().textNode(body.policy()))
                .cause(cause.get()));
        return body;
    }

    private static ArrayNode attributeNames(ObjectNode schema) {
        ArrayNode names = schema.arrayNode();
        schema.path("attributes").forEach(a -> names.add(a.path("name").asText()));
        return names;
    }
}

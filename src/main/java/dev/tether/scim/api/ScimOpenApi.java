package dev.tether.scim.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.platform.OpenApiExamples;
import dev.tether.scim.schema.AttributeDefinition;
import dev.tether.scim.schema.Mutability;
import dev.tether.scim.schema.ResourceSchema;
import dev.tether.scim.schema.ResourceType;
import dev.tether.scim.schema.Returned;
import dev.tether.scim.schema.SchemaRegistry;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * The SCIM half of {@code /q/openapi}, written at build time from the same schema documents the
 * server validates with and serves at {@code /Schemas}, so the two cannot disagree. The JAX-RS
 * resources serve all three resource types through one {@code {endpoint}} template; the document
 * names each ({@code /Users}, {@code /Groups}, {@code /Agents}) with its own schema, which is what
 * a client generator needs.
 * <p>
 * Schemas leave {@code required} out: a response carries only the attributes asked for
 * ({@code attributes}, {@code excludedAttributes}), and each attribute's description says when
 * RFC 7643 requires it. Additional properties are allowed: a directory may register its own
 * extension schemas, keyed by their URN like the enterprise extension.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ScimOpenApi implements OASFilter {

    public static final String SCHEME = "scimBearer";
    private static final String PREFIX = "/scim/v2/{directoryId}";
    private static final String ERROR = "ScimError";
    private static final String LIST = "ListResponse";

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        SchemaRegistry registry = SchemaRegistry.loadDefault(new ObjectMapper());
        Components components = openApi.getComponents();
        components.addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("A directory's SCIM token (`tether_…`), issued by the admin API and valid only "
                        + "under that directory's base URL."));
        messageSchemas(components);

        Paths paths = openApi.getPaths();
        paths.getPathItems().keySet().stream().filter(p -> p.startsWith("/scim/")).toList().forEach(paths::removePathItem);
        for (ResourceType type : registry.resourceTypes()) {
            ResourceSchema resource = registry.resourceSchema(type.name());
            components.addSchema(type.name(), resourceSchema(resource));
            resourcePaths(paths, type);
        }
        discoveryPaths(paths);
        paths.addPathItem(PREFIX + "/.search", item().POST(operation("Search users, groups and "
                + "agents at once", "Discovery")
                .requestBody(OASFactory.createRequestBody().required(true).content(scim(ref("SearchRequest"))))
                .responses(responses("200", ok("the matching resources of every type", ref(LIST))))));
        paths.addPathItem(PREFIX + "/Bulk", item().POST(operation("Many operations in one "
                + "request (RFC 7644 §3.7); bulkId references resolve in any order", "Bulk")
                .requestBody(OASFactory.createRequestBody().required(true).content(scim(ref("BulkRequest"))))
                .responses(responses("200", ok("one result per operation", ref("BulkResponse")))
                        .addAPIResponse("413", error("too many operations or too large a payload")))));
        OpenApiExamples.apply(openApi, "openapi/scim-examples.json");
    }

    // ---- resources

    private static void resourcePaths(Paths paths, ResourceType type) {
        String name = type.name();
        String base = PREFIX + type.endpoint();
        Parameter id = OASFactory.createParameter().name("id").in(Parameter.In.PATH).required(true)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uuid"));
        paths.addPathItem(base, item()
                .GET(operation("List or filter " + name + " resources", name)
                        .parameters(listParameters())
                        .responses(responses("200", ok("a page of " + name + " resources", listOf(name)))))
                .POST(operation("Create a " + name, name)
                        .requestBody(OASFactory.createRequestBody().required(true).content(scim(ref(name))))
                        .responses(responses("201", ok("the " + name + " as stored", ref(name))
                                .addHeader("Location", header("the new resource's URL"))
                                .addHeader("ETag", header("its version")))
                                .addAPIResponse("409", error("uniqueness: another resource already has that value")))));
        paths.addPathItem(base + "/.search", item()
                .POST(operation("Search " + name + " resources with the query in the body", name)
                        .requestBody(OASFactory.createRequestBody().required(true).content(scim(ref("SearchRequest"))))
                        .responses(responses("200", ok("a page of " + name + " resources", listOf(name))))));
        paths.addPathItem(base + "/{id}", item()
                .addParameter(id)
                .GET(operation("Read a " + name, name)
                        .parameters(List.of(query("attributes"), query("excludedAttributes"),
                                header("If-None-Match", "answer 304 when the version is unchanged")))
                        .responses(responses("200", ok("the " + name, ref(name)).addHeader("ETag", header("its version")))
                                .addAPIResponse("304", OASFactory.createAPIResponse().description("not modified"))
                                .addAPIResponse("404", error("no such resource in this directory"))))
                .PUT(operation("Replace a " + name, name)
                        .parameters(List.of(header("If-Match", "refuse with 412 unless this is the current version")))
                        .requestBody(OASFactory.createRequestBody().required(true).content(scim(ref(name))))
                        .responses(changed(name)))
                .PATCH(operation("Modify a " + name + " (IdP dialects accepted, see docs/scim.md)", name)
                        .parameters(List.of(header("If-Match", "refuse with 412 unless this is the current version")))
                        .requestBody(OASFactory.createRequestBody().required(true).content(scim(ref("PatchOp"))))
                        .responses(changed(name)
                                .addAPIResponse("204", OASFactory.createAPIResponse()
                                        .description("applied; a group answers without a body when no attributes "
                                                + "were asked for"))))
                .DELETE(operation("Delete a " + name + "; a user's delegations and credentials are revoked", name)
                        .parameters(List.of(header("If-Match", "refuse with 412 unless this is the current version")))
                        .responses(responses("204", OASFactory.createAPIResponse().description("deleted"))
                                .addAPIResponse("404", error("no such resource in this directory"))
                                .addAPIResponse("412", error("the version does not match If-Match")))));
    }

    private static APIResponses changed(String name) {
        return responses("200", ok("the " + name + " after the change", ref(name)).addHeader("ETag", header("its version")))
                .addAPIResponse("404", error("no such resource in this directory"))
                .addAPIResponse("409", error("uniqueness: another resource already has that value"))
                .addAPIResponse("412", error("the version does not match If-Match"));
    }

    private static List<Parameter> listParameters() {
        return List.of(query("filter"), query("startIndex", Schema.SchemaType.INTEGER), query("count",
                Schema.SchemaType.INTEGER), query("sortBy"), query("sortOrder"), query("attributes"),
                query("excludedAttributes"));
    }

    private static Schema resourceSchema(ResourceSchema resource) {
        Schema schema = object(resource.resourceType().description());
        schema.addProperty("schemas", array(string()));
        schema.addProperty("id", string().readOnly(true));
        schema.addProperty("externalId", string());
        schema.addProperty("meta", meta());
        resource.core().attributes().forEach(a -> schema.addProperty(a.name(), attribute(a)));
        resource.extensions().forEach(ext -> {
            Schema extension = object(ext.name());
            ext.attributes().forEach(a -> extension.addProperty(a.name(), attribute(a)));
            schema.addProperty(ext.id(), extension);
        });
        return schema;
    }

    /** One SCIM attribute (RFC 7643 §2.3) as JSON Schema. */
    private static Schema attribute(AttributeDefinition a) {
        Schema value = switch (a.type()) {
            case STRING -> string();
            case BOOLEAN -> OASFactory.createSchema().addType(Schema.SchemaType.BOOLEAN);
            case INTEGER -> OASFactory.createSchema().addType(Schema.SchemaType.INTEGER);
            case DECIMAL -> OASFactory.createSchema().addType(Schema.SchemaType.NUMBER);
            case DATE_TIME -> string().format("date-time");
            case BINARY -> string().contentEncoding("base64");
            case REFERENCE -> string().format("uri-reference");
            case COMPLEX -> {
                Schema complex = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT);
                a.subAttributes().forEach(sub -> complex.addProperty(sub.name(), attribute(sub)));
                yield complex;
            }
        };
        Schema schema = a.multiValued() ? array(value) : value;
        StringBuilder description = new StringBuilder(a.description() == null ? "" : a.description());
        if (a.required()) {
            description.append(description.isEmpty() ? "" : " ").append("Required on create and replace.");
        }
        if (!description.isEmpty()) {
            schema.description(description.toString());
        }
        if (a.mutability() == Mutability.READ_ONLY) {
            schema.readOnly(true);
        }
        if (a.mutability() == Mutability.WRITE_ONLY || a.returned() == Returned.NEVER) {
            schema.writeOnly(true);
        }
        return schema;
    }

    private static Schema meta() {
        Schema meta = object("Set by the server (RFC 7643 §3.1).").readOnly(true);
        meta.addProperty("resourceType", string());
        meta.addProperty("created", string().format("date-time"));
        meta.addProperty("lastModified", string().format("date-time"));
        meta.addProperty("location", string().format("uri"));
        meta.addProperty("version", string());
        return meta;
    }

    // ---- discovery and protocol messages

    private static void discoveryPaths(Paths paths) {
        Schema any = object(null);
        paths.addPathItem(PREFIX + "/ServiceProviderConfig", item().GET(operation(
                "What this server supports (RFC 7643 §5), with the agent extension", "Discovery")
                .responses(responses("200", ok("the configuration", any)))));
        paths.addPathItem(PREFIX + "/ResourceTypes", item().GET(operation(
                "The resource types: User, Group, Agent", "Discovery")
                .responses(responses("200", ok("every resource type", ref(LIST))))));
        paths.addPathItem(PREFIX + "/ResourceTypes/{name}", item()
                .addParameter(pathParameter("name"))
                .GET(operation("One resource type", "Discovery").responses(responses("200", ok("the resource type", any))
                        .addAPIResponse("404", error("no such resource type")))));
        paths.addPathItem(PREFIX + "/Schemas", item().GET(operation(
                "The schemas, the directory's own extensions included", "Discovery")
                .responses(responses("200", ok("every schema", ref(LIST))))));
        paths.addPathItem(PREFIX + "/Schemas/{urn}", item()
                .addParameter(pathParameter("urn"))
                .GET(operation("One schema by its URN", "Discovery").responses(responses("200", ok("the schema", any))
                        .addAPIResponse("404", error("no such schema")))));
    }

    private static void messageSchemas(Components components) {
        Schema error = object("A SCIM error (RFC 7644 §3.12).");
        error.addProperty("schemas", array(string()));
        error.addProperty("status", string().description("the HTTP status, as a string"));
        error.addProperty("scimType", string().description("invalidFilter, invalidSyntax, invalidPath, invalidValue, "
                + "mutability, uniqueness, tooMany, noTarget, sensitive, invalidVers, tooLarge"));
        error.addProperty("detail", string());
        error.required(List.of("schemas", "status"));
        components.addSchema(ERROR, error);

        Schema list = object("A page of resources (RFC 7644 §3.4.2).");
        list.addProperty("schemas", array(string()));
        list.addProperty("totalResults", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER));
        list.addProperty("startIndex", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER));
        list.addProperty("itemsPerPage", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER));
        list.addProperty("Resources", array(object(null)));
        list.required(List.of("schemas", "totalResults"));
        components.addSchema(LIST, list);

        Schema search = object("A query in the body (RFC 7644 §3.4.3).");
        search.addProperty("schemas", array(string()));
        for (String s : List.of("filter", "sortBy", "sortOrder")) {
            search.addProperty(s, string());
        }
        search.addProperty("attributes", array(string()));
        search.addProperty("excludedAttributes", array(string()));
        search.addProperty("startIndex", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER));
        search.addProperty("count", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER));
        components.addSchema("SearchRequest", search);

        Schema op = object(null);
        op.addProperty("op", string().description("add, remove or replace (any case)"));
        op.addProperty("path", string());
        op.addProperty("value", OASFactory.createSchema());
        op.required(List.of("op"));
        Schema patch = object("A PATCH request (RFC 7644 §3.5.2).");
        patch.addProperty("schemas", array(string()));
        patch.addProperty("Operations", array(op));
        patch.required(List.of("Operations"));
        components.addSchema("PatchOp", patch);

        Schema bulkOp = object(null);
        bulkOp.addProperty("method", string());
        bulkOp.addProperty("bulkId", string());
        bulkOp.addProperty("version", string());
        bulkOp.addProperty("path", string());
        bulkOp.addProperty("data", OASFactory.createSchema());
        Schema bulk = object("A Bulk request (RFC 7644 §3.7).");
        bulk.addProperty("schemas", array(string()));
        bulk.addProperty("failOnErrors", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER));
        bulk.addProperty("Operations", array(bulkOp));
        components.addSchema("BulkRequest", bulk);

        Schema bulkResult = object(null);
        bulkResult.addProperty("method", string());
        bulkResult.addProperty("bulkId", string());
        bulkResult.addProperty("version", string());
        bulkResult.addProperty("location", string());
        bulkResult.addProperty("status", string());
        bulkResult.addProperty("response", OASFactory.createSchema());
        Schema bulkResponse = object("The results of a Bulk request, in request order.");
        bulkResponse.addProperty("schemas", array(string()));
        bulkResponse.addProperty("Operations", array(bulkResult));
        components.addSchema("BulkResponse", bulkResponse);
    }

    // ---- small builders

    private static Operation operation(String summary, String tag) {
        return OASFactory.createOperation().summary(summary).tags(List.of("SCIM " + tag))
                .security(List.of(OASFactory.createSecurityRequirement().addScheme(SCHEME)));
    }

    /** A success response plus the failures every SCIM request can meet. */
    private static APIResponses responses(String status, APIResponse success) {
        return OASFactory.createAPIResponses()
                .addAPIResponse(status, success)
                .addAPIResponse("400", error("invalid request: scimType says which rule it broke"))
                .addAPIResponse("401", error("no valid token for this directory"));
    }

    private static APIResponse ok(String description, Schema body) {
        return OASFactory.createAPIResponse().description(description).content(scim(body));
    }

    private static APIResponse error(String description) {
        return OASFactory.createAPIResponse().description(description).content(scim(ref(ERROR)));
    }

    private static Content scim(Schema schema) {
        Content content = OASFactory.createContent();
        for (String type : List.of(ScimMediaType.SCIM_JSON, "application/json")) {
            content.addMediaType(type, OASFactory.createMediaType().schema(schema));
        }
        return content;
    }

    private static Schema listOf(String resource) {
        Schema page = OASFactory.createSchema().addAllOf(ref(LIST));
        Schema items = object(null);
        items.addProperty("Resources", array(ref(resource)));
        return page.addAllOf(items);
    }

    private static Schema ref(String name) {
        return OASFactory.createSchema().ref(name);
    }

    private static Schema object(String description) {
        Schema schema = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT);
        return description == null ? schema : schema.description(description);
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }

    private static Schema array(Schema items) {
        return OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(items);
    }

    private static Header header(String description) {
        return OASFactory.createHeader().description(description).schema(string());
    }

    private static Parameter header(String name, String description) {
        return OASFactory.createParameter().name(name).in(Parameter.In.HEADER).description(description).schema(string());
    }

    private static Parameter query(String name) {
        return query(name, Schema.SchemaType.STRING);
    }

    private static Parameter query(String name, Schema.SchemaType type) {
        return OASFactory.createParameter().name(name).in(Parameter.In.QUERY)
                .schema(OASFactory.createSchema().addType(type));
    }

    /** A path under {@code /scim/v2/{directoryId}}: every one names the directory. */
    private static PathItem item() {
        return OASFactory.createPathItem().addParameter(pathParameter("directoryId")
                .description("the directory's id; its token works only here"));
    }

    private static Parameter pathParameter(String name) {
        return OASFactory.createParameter().name(name).in(Parameter.In.PATH).required(true).schema(string());
    }
}

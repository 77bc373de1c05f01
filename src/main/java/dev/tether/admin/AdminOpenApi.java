package dev.tether.admin;

import dev.tether.platform.OpenApiExamples;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * The admin half of {@code /q/openapi}, finished at build time: the {@code adminJwt} security
 * scheme on every {@code /admin/} and {@code /authzen/} operation that needs a JWT, and the failures every such
 * operation can answer as RFC 9457 problem details. The success responses are declared on the
 * resource methods themselves, next to the code that produces them.
 * <p>
 * A record component is left out of {@code required} when it can be absent, and Jackson writes
 * such a component as {@code null}; the schemas say so, so a client generated from them accepts
 * what the server sends.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class AdminOpenApi implements OASFilter {

    public static final String SCHEME = "adminJwt";
    static final String PROBLEM = "Problem";

    /** The only admin paths served without a JWT: the keys that verify audit checkpoints. */
    static final Set<String> PUBLIC_PATHS = Set.of("/admin/v1/audit/public-key.pem", "/admin/v1/audit/jwks.json");

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        openApi.getComponents().addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("An RS256/ES256 JWT verified against the configured key or JWKS; roles in the "
                        + "`groups` claim: tether-operator, tether-integration, tether-auditor."));
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas != null) {
            schemas.forEach((name, schema) -> allowNullWhereOptional(schema));
        }
        openApi.getComponents().addSchema(PROBLEM, problemSchema());
        OpenApiExamples.apply(openApi, "openapi/admin-examples.json");
        for (Map.Entry<String, PathItem> path : openApi.getPaths().getPathItems().entrySet()) {
            if (!path.getKey().startsWith("/admin/") && !path.getKey().startsWith("/authzen/")) {
                continue; // the AuthZEN decision point takes the same JWTs and answers errors the same way
            }
            boolean identified = path.getKey().contains("{");
            boolean secured = !PUBLIC_PATHS.contains(path.getKey());
            path.getValue().getOperations().forEach((method, operation) -> describe(operation, method, identified, secured));
        }
    }

    private static void describe(Operation operation, PathItem.HttpMethod method, boolean identified, boolean secured) {
        APIResponses responses = operation.getResponses();
        if (!secured) {
            operation.setSecurity(List.of());
            return;
        }
        operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(SCHEME)));
        responses.addAPIResponse("401", problem("No valid admin JWT (missing, expired, bad signature)."));
        responses.addAPIResponse("403", problem("The JWT's roles do not allow this operation."));
        if (responses.hasAPIResponse("400") || method != PathItem.HttpMethod.GET || hasQuery(operation)) {
            responses.addAPIResponse("400", problem("The request is malformed; `errors` points at each fault."));
        }
        if (identified) {
            responses.addAPIResponse("404", problem("No such object (or not in this directory)."));
        }
        if (method != PathItem.HttpMethod.GET) {
            responses.addAPIResponse("409", problem("The object's state does not allow this change."));
        }
    }

    private static boolean hasQuery(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> p.getIn() == org.eclipse.microprofile.openapi.models.parameters.Parameter.In.QUERY);
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM))));
    }

    /** {@link Problem} as it is written (its nested record makes the generated schema clumsy). */
    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fault = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("pointer", text.description("a JSON Pointer (RFC 6901) into the request body"))
                .addProperty("parameter", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("a query parameter's name"))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail; `errors` says where each fault is.")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fault))
                .required(List.of("type", "title", "status"));
    }

    private static void allowNullWhereOptional(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        for (String name : List.copyOf(schema.getProperties().keySet())) {
            Schema property = schema.getProperties().get(name);
            if (required.contains(name)) {
                continue;
            }
            if (property.getRef() != null) {
                schema.addProperty(name, OASFactory.createSchema()
                        .addAnyOf(OASFactory.createSchema().ref(property.getRef()))
                        .addAnyOf(OASFactory.createSchema().addType(Schema.SchemaType.NULL)));
            } else if (property.getType() != null && !property.getType().contains(Schema.SchemaType.NULL)) {
                property.addType(Schema.SchemaType.NULL);
            }
        }
    }
}

package dev.tether.scimconformance.support;

import static io.restassured.RestAssured.given;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The server under test: its base URL and bearer token (system properties {@code scim.baseUrl},
 * {@code scim.token}, or env {@code SCIM_BASE_URL}, {@code SCIM_TOKEN}), the features its
 * /ServiceProviderConfig advertises, and the resources this run created (deleted at the end).
 */
public final class ScimServer {

    public static final String SCIM_JSON = "application/scim+json";
    public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

    /** Unique per run, so names never collide with data already on the server or another run. */
    public static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final List<String> CREATED = new ArrayList<>();
    private static JsonPath serviceProviderConfig;

    private ScimServer() {
    }

    public static String baseUrl() {
        String url = setting("scim.baseUrl", "SCIM_BASE_URL");
        if (url == null) {
            throw new IllegalStateException("No server to test: set -Dscim.baseUrl=https://host/scim/v2 and -Dscim.token=..."
                    + " (or the environment variables SCIM_BASE_URL and SCIM_TOKEN)");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public static String token() {
        String token = setting("scim.token", "SCIM_TOKEN");
        return token == null ? "" : token;
    }

    private static String setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A request with no credentials, recorded for the report. */
    public static RequestSpecification anonymous() {
        URI base = URI.create(baseUrl());
        return given()
                // send exactly the content type a test names, without "; charset=..." appended
                .config(RestAssuredConfig.config().encoderConfig(
                        EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .baseUri(base.getScheme() + "://" + base.getAuthority())
                .basePath(base.getRawPath() == null ? "" : base.getRawPath())
                .filter(ExchangeRecorder.INSTANCE);
    }

    /** An authenticated request sending and accepting application/scim+json. */
    public static RequestSpecification scim() {
        return authenticated().contentType(SCIM_JSON).accept(SCIM_JSON);
    }

    public static RequestSpecification authenticated() {
        String token = token();
        RequestSpecification spec = anonymous();
        return token.isEmpty() ? spec : spec.header("Authorization", "Bearer " + token);
    }

    /** A fresh, recognisable name: stem, run id and a counter. */
    public static String unique(String stem) {
        return stem + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }

    public static String patch(String... operations) {
        return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[" + String.join(",", operations) + "]}";
    }

    /** POSTs a resource that must be created (201), remembers it for cleanup, returns its id. */
    public static String create(String endpoint, String json) {
        Response r = scim().body(json).post(endpoint);
        r.then().statusCode(201);
        String id = r.path("id");
        created(endpoint + "/" + id);
        return id;
    }

    public static String createUser(String userName) {
        return create("/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + userName + "\"}");
    }

    public static String createGroup(String displayName, String... memberIds) {
        StringBuilder members = new StringBuilder();
        for (String id : memberIds) {
            members.append(members.length() == 0 ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        return create("/Groups", "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"" + displayName
                + "\",\"members\":[" + members + "]}");
    }

    public static synchronized void created(String path) {
        CREATED.add(path);
    }

    /** Best effort: leaves the server as the run found it. Groups first, then users. */
    public static synchronized void deleteCreated() {
        List<String> paths = new ArrayList<>(CREATED);
        paths.sort((a, b) -> Boolean.compare(a.startsWith("/Users"), b.startsWith("/Users")));
        for (String path : paths) {
            try {
                given().baseUri(baseUrl()).header("Authorization", "Bearer " + token()).delete(path);
            } catch (RuntimeException ignored) {
                // cleanup never changes a verdict
            }
        }
        CREATED.clear();
    }

    public static synchronized JsonPath serviceProviderConfig() {
        if (serviceProviderConfig == null) {
            Response r = authenticated().accept(SCIM_JSON).get("/ServiceProviderConfig");
            serviceProviderConfig = r.statusCode() == 200 ? r.jsonPath() : new JsonPath("{}");
        }
        return serviceProviderConfig;
    }

    /** The optional features of RFC 7643 §5 that /ServiceProviderConfig advertises. */
    public enum Feature {
        PATCH("patch"), BULK("bulk"), FILTER("filter"), CHANGE_PASSWORD("changePassword"), SORT("sort"), ETAG("etag");

        public final String attribute;

        Feature(String attribute) {
            this.attribute = attribute;
        }

        public boolean advertised() {
            return Boolean.TRUE.equals(serviceProviderConfig().get(attribute + ".supported"));
        }
    }

    /** Marks the test not applicable (aborted, reported as N/A) unless the server advertises the feature. */
    public static void requires(Feature feature) {
        Assumptions.assumeTrue(feature.advertised(), () -> "N/A: /ServiceProviderConfig does not advertise "
                + feature.attribute + ".supported=true (RFC 7643 §5), so this optional feature is not tested");
    }

    public static Integer bulkMaxOperations() {
        return serviceProviderConfig().get("bulk.maxOperations");
    }

    public static Integer filterMaxResults() {
        return serviceProviderConfig().get("filter.maxResults");
    }

    /** True if the User resource type declares the enterprise extension. */
    public static boolean userHasEnterpriseExtension() {
        Response r = authenticated().accept(SCIM_JSON).get("/ResourceTypes/User");
        if (r.statusCode() != 200) {
            return false;
        }
        List<Map<String, Object>> extensions = r.jsonPath().getList("schemaExtensions");
        return extensions != null && extensions.stream().anyMatch(e -> ENTERPRISE.equals(e.get("schema")));
    }
}

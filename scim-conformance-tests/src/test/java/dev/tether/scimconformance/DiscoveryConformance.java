package dev.tether.scimconformance;

import static dev.tether.scimconformance.support.ScimServer.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.tether.scimconformance.support.ScimServer.Feature;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Discovery endpoints (RFC 7644 §4, RFC 7643 §5-§7) and whether they tell the truth. */
@Tag("discovery")
class DiscoveryConformance {

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §5 MUST: /ServiceProviderConfig has its schema and every REQUIRED feature attribute")
    void serviceProviderConfigIsComplete() {
        scim().get("/ServiceProviderConfig").then().statusCode(200)
                .body("schemas", hasItem("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"))
                .body("patch.supported", isA(Boolean.class))
                .body("bulk.supported", isA(Boolean.class))
                .body("filter.supported", isA(Boolean.class))
                .body("changePassword.supported", isA(Boolean.class))
                .body("sort.supported", isA(Boolean.class))
                .body("etag.supported", isA(Boolean.class))
                .body("authenticationSchemes", notNullValue());
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §5 MUST: bulk.maxOperations and bulk.maxPayloadSize, filter.maxResults are given when supported")
    void limitsAreAdvertised() {
        JsonPath spc = serviceProviderConfig();
        if (Feature.BULK.advertised()) {
            assertNotNull(spc.get("bulk.maxOperations"), "bulk.maxOperations is REQUIRED");
            assertNotNull(spc.get("bulk.maxPayloadSize"), "bulk.maxPayloadSize is REQUIRED");
        }
        if (Feature.FILTER.advertised()) {
            assertNotNull(spc.get("filter.maxResults"), "filter.maxResults is REQUIRED");
        }
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §4 MUST: /ResourceTypes lists User and Group with endpoint and schema")
    void resourceTypesListUsersAndGroups() {
        Response r = scim().get("/ResourceTypes");
        r.then().statusCode(200);
        List<Map<String, Object>> types = resourceTypes(r.jsonPath());
        assertTrue(types.stream().anyMatch(t -> "User".equals(t.get("name")) && "/Users".equals(t.get("endpoint"))
                && USER.equals(t.get("schema"))), "a User resource type at /Users with the core User schema");
        assertTrue(types.stream().anyMatch(t -> "Group".equals(t.get("name")) && "/Groups".equals(t.get("endpoint"))
                && GROUP.equals(t.get("schema"))), "a Group resource type at /Groups with the core Group schema");
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §4 MUST: /ResourceTypes/User returns the single resource type")
    void singleResourceType() {
        scim().get("/ResourceTypes/User").then().statusCode(200)
                .body("name", equalTo("User")).body("schema", equalTo(USER))
                .body("schemas", hasItem("urn:ietf:params:scim:schemas:core:2.0:ResourceType"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §4 MUST: /Schemas describes the User and Group schemas with their attributes")
    void schemasDescribeUserAndGroup() {
        Response r = scim().get("/Schemas");
        r.then().statusCode(200);
        List<Map<String, Object>> schemas = resourceTypes(r.jsonPath());
        for (String urn : List.of(USER, GROUP)) {
            assertTrue(schemas.stream().anyMatch(s -> urn.equals(s.get("id")) && s.get("attributes") instanceof List),
                    "/Schemas describes " + urn);
        }
        scim().get("/Schemas/" + USER).then().statusCode(200).body("id", equalTo(USER))
                .body("attributes.name", hasItem("userName"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §6 MUST: every schema and schema extension a resource type names is served at /Schemas/{id}")
    void resourceTypeSchemasExist() {
        for (Map<String, Object> type : resourceTypes(scim().get("/ResourceTypes").jsonPath())) {
            scim().get("/Schemas/" + type.get("schema")).then().statusCode(200).body("id", equalTo(type.get("schema")));
            Object extensions = type.get("schemaExtensions");
            if (extensions instanceof List<?> list) {
                for (Object extension : list) {
                    Object urn = ((Map<?, ?>) extension).get("schema");
                    scim().get("/Schemas/" + urn).then().statusCode(200).body("id", equalTo(urn));
                }
            }
        }
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §6 MUST: each resource type's endpoint answers a list request")
    void resourceTypeEndpointsAnswer() {
        for (Map<String, Object> type : resourceTypes(scim().get("/ResourceTypes").jsonPath())) {
            scim().queryParam("count", 1).get((String) type.get("endpoint")).then().statusCode(200)
                    .body("schemas", hasItem(LIST));
        }
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §5 MUST: patch.supported=false is told the truth — PATCH is then not implemented")
    void patchSupportMatchesBehaviour() {
        String id = createUser(unique("disc-patch"));
        int status = scim().body(patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"X\"}"))
                .patch("/Users/" + id).statusCode();
        if (Feature.PATCH.advertised()) {
            assertTrue(status == 200 || status == 204, "patch.supported=true but PATCH answered " + status);
        } else {
            assertTrue(status >= 400, "patch.supported=false but PATCH succeeded with " + status);
        }
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.14 MUST: etag.supported=true means resources carry an ETag header equal to meta.version")
    void etagSupportMatchesBehaviour() {
        requires(Feature.ETAG);
        String id = createUser(unique("disc-etag"));
        Response r = scim().get("/Users/" + id);
        r.then().statusCode(200).header("ETag", notNullValue());
        assertEquals(r.header("ETag"), r.path("meta.version"), "RFC 7643 §3.1: meta.version is the ETag");
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §5 MUST: filter.supported=true means filters are applied, not ignored")
    void filterSupportMatchesBehaviour() {
        requires(Feature.FILTER);
        String name = unique("disc-filter");
        createUser(name);
        scim().queryParam("filter", "userName eq \"" + name + "\"").get("/Users").then().statusCode(200)
                .body("totalResults", equalTo(1)).body("Resources[0].userName", equalToIgnoringCase(name));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §7 MUST: password, where the User schema defines it, is writeOnly and returned never")
    void passwordIsDescribedAsNeverReturned() {
        List<Map<String, Object>> attributes = scim().get("/Schemas/" + USER).jsonPath().getList("attributes");
        attributes.stream().filter(a -> "password".equals(a.get("name"))).findFirst().ifPresent(password -> {
            assertEquals("writeOnly", password.get("mutability"));
            assertEquals("never", password.get("returned"));
        });
    }

    /** ListResponse (RFC 7644 §4) or, as some servers answer, a bare JSON array. */
    static List<Map<String, Object>> resourceTypes(JsonPath json) {
        Object root = json.get("$");
        if (root instanceof List) {
            return json.getList("$");
        }
        return json.getList("Resources");
    }
}

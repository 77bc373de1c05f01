package dev.tether.scim.api;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DiscoveryEndpointsTest {

    static ScimDirectory dir;

    /** RestAssured knows the test port only once a test runs, so the directory is made lazily. */
    @BeforeEach
    void directory() {
        if (dir == null) {
            dir = ScimDirectory.create("discovery");
        }
    }

    @Test
    void serviceProviderConfigDescribesWhatTheServerDoes() {
        dir.scim().get(dir.path("/ServiceProviderConfig")).then().statusCode(200)
                .contentType(startsWith("application/scim+json"))
                .body("schemas", hasItem("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"))
                .body("patch.supported", equalTo(true))
                .body("bulk.supported", equalTo(true))
                .body("bulk.maxOperations", equalTo(1000))
                .body("bulk.maxPayloadSize", equalTo(1048576))
                .body("filter.supported", equalTo(true))
                .body("filter.maxResults", equalTo(1000))
                .body("changePassword.supported", equalTo(false))
                .body("sort.supported", equalTo(true))
                .body("etag.supported", equalTo(true))
                .body("authenticationSchemes[0].type", equalTo("oauthbearertoken"));
    }

    @Test
    void resourceTypesAndSchemas() {
        dir.scim().get(dir.path("/ResourceTypes")).then().statusCode(200)
                .body("totalResults", equalTo(3))
                .body("Resources.name", containsInAnyOrder("User", "Group", "Agent"))
                .body("Resources.find { it.name == 'User' }.schemaExtensions[0].schema",
                        equalTo("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
        dir.scim().get(dir.path("/ResourceTypes/User")).then().statusCode(200).body("endpoint", equalTo("/Users"));
        dir.scim().get(dir.path("/Schemas")).then().statusCode(200)
                .body("Resources.id", containsInAnyOrder("urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                        "urn:ietf:params:scim:schemas:core:2.0:Group", "urn:ietf:params:scim:schemas:core:2.0:Agent"));
        dir.scim().get(dir.path("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")).then().statusCode(200)
                .body("attributes.find { it.name == 'password' }.returned", equalTo("never"))
                .body("attributes.find { it.name == 'userName' }.uniqueness", equalTo("server"))
                .body("meta.resourceType", equalTo("Schema"));
        dir.scim().get(dir.path("/Schemas/urn:nope")).then().statusCode(404).body("status", equalTo("404"));
    }

    @Test
    void unknownEndpointsAnswerInScimErrorFormat() {
        dir.scim().get(dir.path("/Widgets")).then().statusCode(404)
                .contentType(startsWith("application/scim+json"))
                .body("schemas[0]", equalTo("urn:ietf:params:scim:api:messages:2.0:Error"))
                .body("status", equalTo("404"));
        io.restassured.response.Response wrongMethod = dir.scim().body("{}").put(dir.path("/Users"));
        wrongMethod.then().contentType(startsWith("application/scim+json"))
                .body("status", equalTo(Integer.toString(wrongMethod.statusCode())));
        org.junit.jupiter.api.Assertions.assertTrue(wrongMethod.statusCode() == 404 || wrongMethod.statusCode() == 405);
    }
}

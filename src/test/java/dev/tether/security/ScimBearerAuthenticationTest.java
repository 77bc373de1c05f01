package dev.tether.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tether.admin.AdminApi;
import dev.tether.directory.ScimToken;
import dev.tether.testing.AdminTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ScimBearerAuthenticationTest {

    static final String ERROR_BODY = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
            + "\"status\":\"401\",\"detail\":\"A valid bearer token for this SCIM endpoint is required.\"}";

    /** Every refusal must be this exact response, whatever the reason. */
    static void assertRefused(Response response) {
        response.then().statusCode(401)
                .contentType("application/scim+json")
                .header("WWW-Authenticate", "Bearer realm=\"tether\"");
        assertEquals(ERROR_BODY, response.body().asString());
    }

    static Response get(String token, String path, Object... params) {
        var request = given();
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        return request.get(path, params);
    }

    @Test
    void validTokenPassesAndEndpointSeesCaller() {
        String dir = AdminApi.createDirectory("scim ok");
        Map<String, String> token = AdminApi.issueToken(dir);
        get(token.get("token"), "/scim/v2/{dir}/_test/caller", dir)
                .then().statusCode(200)
                .body("directoryId", equalTo(dir))
                .body("tokenId", equalTo(token.get("id")));
        // a path no endpoint serves (yet) is let through to the router
        get(token.get("token"), "/scim/v2/{dir}/Users", dir).then().statusCode(not(401));
    }

    @Test
    void refusesMissingOrMalformedCredentials() {
        String dir = AdminApi.createDirectory("scim missing");
        String valid = AdminApi.issueToken(dir).get("token");
        assertRefused(get(null, "/scim/v2/{dir}/Users", dir));
        assertRefused(given().header("Authorization", "Basic " + valid).get("/scim/v2/{dir}/Users", dir));
        assertRefused(get("tether_wrong", "/scim/v2/{dir}/Users", dir));
        assertRefused(get(valid, "/scim/v2/not-a-uuid/Users"));
        assertRefused(get(valid, "/scim/v2/{dir}/../{dir}/Users", dir, dir));
    }

    @Test
    void otherDirectorysTokenLooksLikeUnknownDirectory() {
        String a = AdminApi.createDirectory("A");
        String b = AdminApi.createDirectory("B");
        String tokenOfA = AdminApi.issueToken(a).get("token");
        Response onB = get(tokenOfA, "/scim/v2/{dir}/Users", b);
        Response onUnknown = get(tokenOfA, "/scim/v2/{dir}/Users", UUID.randomUUID());
        assertRefused(onB);
        assertRefused(onUnknown);
        assertEquals(onUnknown.body().asString(), onB.body().asString());
        assertEquals(onUnknown.headers().getValue("WWW-Authenticate"), onB.headers().getValue("WWW-Authenticate"));
    }

    @Test
    void revokedTokenIsRefusedAndRotationKeepsTheOther() {
        String dir = AdminApi.createDirectory("rotation");
        Map<String, String> old = AdminApi.issueToken(dir);
        Map<String, String> fresh = AdminApi.issueToken(dir);
        get(old.get("token"), "/scim/v2/{dir}/Users", dir).then().statusCode(not(401));
        get(fresh.get("token"), "/scim/v2/{dir}/Users", dir).then().statusCode(not(401));

        AdminApi.revokeToken(dir, old.get("id"));
        assertRefused(get(old.get("token"), "/scim/v2/{dir}/Users", dir));
        get(fresh.get("token"), "/scim/v2/{dir}/Users", dir).then().statusCode(not(401));
    }

    @Test
    void disabledDirectorysTokenIsRefused() {
        String dir = AdminApi.createDirectory("disabled");
        String token = AdminApi.issueToken(dir).get("token");
        get(token, "/scim/v2/{dir}/Users", dir).then().statusCode(not(401));
        AdminApi.disableDirectory(dir);
        assertRefused(get(token, "/scim/v2/{dir}/Users", dir));
    }

    @Test
    void expiredTokenIsRefused() {
        String dir = AdminApi.createDirectory("expired");
        Map<String, String> token = AdminApi.issueToken(dir);
        QuarkusTransaction.requiringNew().run(() -> ScimToken.update("expiresAt = ?1 where id = ?2",
                Instant.now().minusSeconds(1), UUID.fromString(token.get("id"))));
        assertRefused(get(token.get("token"), "/scim/v2/{dir}/Users", dir));
    }

    @Test
    void adminJwtIsNotAScimToken() {
        String dir = AdminApi.createDirectory("jwt on scim");
        assertRefused(get(AdminTokens.operator(), "/scim/v2/{dir}/Users", dir));
    }

    @Test
    void recordsLastUseAtMostOncePerMinute() {
        String dir = AdminApi.createDirectory("last used");
        Map<String, String> token = AdminApi.issueToken(dir);
        get(token.get("token"), "/scim/v2/{dir}/Users", dir).then().statusCode(not(401));
        Instant first = lastUsed(token.get("id"));
        assertNotEquals(null, first);
        get(token.get("token"), "/scim/v2/{dir}/Users", dir).then().statusCode(not(401));
        assertEquals(first, lastUsed(token.get("id")), "second use within a minute writes nothing");

        given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories/{id}/tokens", dir)
                .then().body("[0].lastUsedAt", notNullValue());
    }

    private static Instant lastUsed(String tokenId) {
        return QuarkusTransaction.requiringNew().call(
                () -> ScimToken.<ScimToken>findById(UUID.fromString(tokenId)).lastUsedAt);
    }
}

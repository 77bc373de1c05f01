package dev.tether.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Wrong SCIM tokens are rate-limited per source address: past the burst they get 429 with
 * Retry-After in SCIM's error format, before any database work, while a token that worked
 * before keeps working from the same address.
 */
@QuarkusTest
@TestProfile(FailedAuthRateLimitTest.TightLimits.class)
class FailedAuthRateLimitTest {

    /** Five failures per address, earned back slowly; the directory bucket out of the way. */
    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tether.scim.failed-auth.per-source-burst", "5",
                    "tether.scim.failed-auth.per-source-per-second", "0.02",
                    "tether.scim.failed-auth.per-directory-burst", "1000000");
        }
    }

    @Test
    void wrongTokensGet429WithRetryAfterWhileAGoodClientCarriesOn() {
        ScimDirectory dir = ScimDirectory.create("rate-limited");
        dir.scim().get(dir.path("/Users")).then().statusCode(200); // the good client, before the flood

        for (int i = 0; i < 5; i++) {
            given().auth().oauth2("tether_wrong" + i).get(dir.path("/Users")).then().statusCode(401);
        }
        Response refused = given().auth().oauth2("tether_wrong-again").get(dir.path("/Users"));
        refused.then().statusCode(429)
                .contentType("application/scim+json")
                .body("schemas", hasItem("urn:ietf:params:scim:api:messages:2.0:Error"))
                .body("status", equalTo("429"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 50, "Retry-After in seconds: " + retryAfter);
        assertTrue(refused.header("X-Request-Id") != null, "the request id as on every answer");

        // no token, a token of the wrong shape, another directory: the same address is still refused
        given().get(dir.path("/Users")).then().statusCode(429);
        given().auth().oauth2("not-even-a-tether-token").get("/scim/v2/" + java.util.UUID.randomUUID() + "/Users")
                .then().statusCode(429);

        // the good client is not slowed down, nor refused: its token is checked as always
        for (int i = 0; i < 10; i++) {
            dir.scim().get(dir.path("/Users")).then().statusCode(200);
        }
        assertEquals(201, dir.scim().body(Map.of("schemas", new String[] {"urn:ietf:params:scim:schemas:core:2.0:User"},
                "userName", "still.served")).post(dir.path("/Users")).statusCode());
    }
}

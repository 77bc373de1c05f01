package dev.tether.security;

import static io.restassured.RestAssured.given;

import dev.tether.testing.AdminTokens;
import dev.tether.testing.KeyRotationProfile;
import dev.tether.testing.TestJwtKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * What README's rotation procedure for the admin JWT key rests on: smallrye-jwt verifies with a
 * JWK Set file of several keys (each token picks its key by kid), and reads that file once, at
 * start: a changed file takes effect only after a (rolling) restart. Only a JWKS URL is
 * refreshed at run time (smallrye.jwt.jwks.refresh-interval / forced-refresh-interval).
 */
@QuarkusTest
@TestProfile(KeyRotationProfile.class)
class AdminJwtKeyFileTest {

    @Test
    void aJwkSetFileTrustsEveryKeyInItByKid() {
        given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories").then().statusCode(200);
        given().auth().oauth2(AdminTokens.signedBy(KeyRotationProfile.adminNext(), "tether-operator"))
                .get("/admin/v1/directories").then().statusCode(200);
        given().auth().oauth2(AdminTokens.signedByStranger()).get("/admin/v1/directories").then().statusCode(401);
    }

    @Test
    void theKeyFileIsReadOnceAtStart() throws Exception {
        String next = AdminTokens.signedBy(KeyRotationProfile.adminNext(), "tether-operator");
        given().auth().oauth2(next).get("/admin/v1/directories").then().statusCode(200);
        KeyRotationProfile.writeAdminJwks(TestJwtKeys.folder());
        try {
            Thread.sleep(1000);
            // If this starts failing, smallrye-jwt now re-reads key files: README "Rotating keys" can say so.
            given().auth().oauth2(next).get("/admin/v1/directories").then().statusCode(200);
        } finally {
            KeyRotationProfile.writeAdminJwks(TestJwtKeys.folder(), KeyRotationProfile.adminNext());
        }
    }
}

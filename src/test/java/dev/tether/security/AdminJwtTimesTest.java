package dev.tether.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.tether.platform.JwtKeyFiles;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.KeyPairs;
import dev.tether.testing.TestJwtKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Admin JWTs signed by the trusted key are still refused when their times make no sense:
 * issued in the future beyond the leeway (60 s), or valid for longer than
 * tether.admin-jwt.max-lifetime (24 h) from now. Within the leeway they pass.
 */
@QuarkusTest
class AdminJwtTimesTest {

    @Test
    void aTokenIssuedInTheFutureIsRefused() throws Exception {
        Instant now = Instant.now();
        refused(token(now.plusSeconds(600), now.plusSeconds(3600)));
        refused(token(now.plus(Duration.ofDays(400)), now.plus(Duration.ofDays(400)).plusSeconds(3600)));
        accepted(token(now.plusSeconds(30), now.plusSeconds(3600)), "30 s ahead is within the leeway");
    }

    @Test
    void aTokenValidForLongerThanTheMaximumLifetimeIsRefused() throws Exception {
        Instant now = Instant.now();
        refused(token(now, now.plus(Duration.ofDays(365))));
        refused(token(now.minus(Duration.ofDays(1)), now.plus(Duration.ofHours(25))));
        accepted(token(now, now.plus(Duration.ofHours(23))), "a day's token passes");
        accepted(AdminTokens.operator(), "the tests' usual hour-long token passes");
    }

    private static void refused(String jwt) {
        given().auth().oauth2(jwt).get("/admin/v1/directories").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
    }

    private static void accepted(String jwt, String why) {
        given().auth().oauth2(jwt).get("/admin/v1/directories").then().statusCode(200);
    }

    private static String token(Instant issuedAt, Instant expiresAt) throws Exception {
        return Jwt.issuer(AdminTokens.ISSUER).subject("times-test").groups(Set.of(AdminRoles.OPERATOR))
                .issuedAt(issuedAt).expiresAt(expiresAt)
                .jws().keyId(KeyPairs.kid(TestJwtKeys.folder()))
                .sign(JwtKeyFiles.readPrivateKey(TestJwtKeys.folder().resolve(JwtKeyFiles.PRIVATE_KEY_FILE)));
    }
}

package dev.tether.audit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.security.AdminRoles;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Refused admin calls are on the operator trail, counted per source (and subject) and minute. */
@QuarkusTest
class DeniedAdminCallsTest {

    @Inject
    DeniedAdminCalls deniedCalls;

    @Test
    void deniedAdminCallsAreCountedOnTheOperatorTrail() {
        deniedCalls.flush(); // what other tests were refused is not this test's
        Instant start = Instant.now().minusMillis(1);
        for (int i = 0; i < 3; i++) {
            given().get("/admin/v1/directories").then().statusCode(401);
        }
        given().auth().oauth2(AdminTokens.signedByStranger()).get("/admin/v1/directories").then().statusCode(401);
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR)).get("/admin/v1/subscriptions")
                    .then().statusCode(403);
        }
        deniedCalls.flush();

        // only the window the second flush closed: an earlier window (other tests' refusals) may be
        // written at about the same moment, so the record time alone cannot tell them apart
        List<JsonNode> denied = new java.util.ArrayList<>();
        for (JsonNode r : AuditApi.operatorTrail("from=" + start)) {
            if ("admin.denied".equals(r.get("action").asText())) {
                denied.add(r);
            }
        }
        String lastWindow = denied.stream().map(r -> r.at("/details/to").asText()).max(String::compareTo).orElse("");
        long unauthenticated = 0;
        long forbidden = 0;
        int records = 0;
        for (JsonNode r : denied) {
            if (!lastWindow.equals(r.at("/details/to").asText())) {
                continue;
            }
            records++;
            if (r.at("/details/status").asInt() == 401) {
                assertEquals("anonymous", r.at("/actor/type").asText());
                assertEquals(r.at("/details/source").asText(), r.at("/actor/id").asText());
                unauthenticated += r.at("/details/count").asLong();
            } else {
                assertEquals(403, r.at("/details/status").asInt());
                assertEquals("admin", r.at("/actor/type").asText());
                assertEquals("test-operator", r.at("/actor/id").asText());
                forbidden += r.at("/details/count").asLong();
            }
        }
        assertEquals(4, unauthenticated);
        assertEquals(2, forbidden);
        assertEquals(2, records, "one record per status, source and subject, not one per call");
    }
}

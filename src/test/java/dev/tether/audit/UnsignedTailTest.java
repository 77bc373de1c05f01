package dev.tether.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testing.AdminTokens;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifiers say how many records follow the last signed checkpoint; --require-signed refuses any. */
@QuarkusTest
class UnsignedTailTest {

    @Inject
    AuditSealer sealer;

    @Inject
    DeniedAdminCalls deniedCalls;

    @Test
    void offlineVerifierReportsTheUnsignedTail() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-unsigned-tail");
        sealer.sealAll();
        dir.scim().body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"tail\"}")
                .post(dir.path("/Users")).then().statusCode(201);
        sealer.sealAll();
        given().auth().oauth2(AuditApi.auditor()).get("/admin/v1/directories/{d}/audit/verify", dir.id())
                .then().statusCode(200).body("ok", equalTo(true)).body("unsignedTail", equalTo(0));
        Path keys = AuditApi.jwks();
        Path full = AuditApi.export("/admin/v1/directories/" + dir.id() + "/audit/export");

        AuditApi.Verified signed = AuditApi.verifyOffline(full, keys, true);
        assertEquals(0, signed.exit(), signed.toString());
        assertTrue(signed.err().contains("unsigned tail: 0 records"), signed.toString());

        // the same export without its last checkpoint: the new user's record is the unsigned tail
        List<String> lines = new ArrayList<>(Files.readAllLines(full));
        assertTrue(lines.get(lines.size() - 1).contains("\"type\":\"checkpoint\""));
        lines.remove(lines.size() - 1);
        Path tail = Files.createTempFile("audit-export-tail", ".jsonl");
        Files.write(tail, lines);
        AuditApi.Verified lenient = AuditApi.verifyOffline(tail, keys, false);
        assertEquals(0, lenient.exit(), lenient.toString());
        assertTrue(lenient.out().contains("\"ok\":true") && lenient.out().contains("\"unsignedTail\":1"), lenient.toString());
        assertTrue(lenient.err().contains("unsigned tail: 1 record"), lenient.toString());
        AuditApi.Verified strict = AuditApi.verifyOffline(tail, keys, true);
        assertEquals(3, strict.exit(), strict.toString());
        assertTrue(strict.err().contains("unsigned tail: 1 record"), strict.toString());
    }

    @Test
    void operatorTrailExportsAndVerifiesOffline() throws Exception {
        given().auth().oauth2(AdminTokens.withGroups()).get("/admin/v1/subscriptions").then().statusCode(403);
        deniedCalls.flush();
        sealer.sealAll();
        AuditApi.Verified verified = AuditApi.verifyOffline(AuditApi.export("/admin/v1/operator-trail/export"),
                AuditApi.jwks(), true);
        assertEquals(0, verified.exit(), verified.toString());
        assertTrue(AuditApi.json(verified.out()).get("checkedThrough").asLong() > 0, verified.toString());
    }
}

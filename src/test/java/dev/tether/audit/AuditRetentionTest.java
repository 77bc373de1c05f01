package dev.tether.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditRetentionTest {

    @Inject
    DataSource dataSource;

    @Inject
    AuditSealer sealer;

    @Inject
    AuditRetention retention;

    @Test
    void cutAtACheckpointLeavesAVerifiableChain() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-retention");
        UUID d = UUID.fromString(dir.id());
        write(dir, "r1", "r2", "r3");
        sealer.sealAll(); // checkpoint at 5
        write(dir, "r4", "r5");
        sealer.sealAll(); // checkpoint at 7

        // Nothing but a checkpoint position can be cut, and nothing past a cut can be deleted.
        assertThrows(IllegalArgumentException.class, () -> retention.cutThrough(d, 4));
        assertEquals(5, retention.cutThrough(d, 5));
        assertThrows(SQLException.class, () -> execute("DELETE FROM audit_records WHERE directory_id = ? AND position = 6", d));
        assertThrows(IllegalStateException.class, () -> retention.cutThrough(d, 5));

        verify(dir).body("ok", equalTo(true)).body("checkedThrough", equalTo(7)).body("signedThrough", equalTo(7));
        assertTrue(offline(dir).ok());

        // A cut through the head: the chain continues after it, still verifiable.
        assertEquals(2, retention.cutThrough(d, 7));
        write(dir, "r6");
        sealer.sealAll();
        verify(dir).body("ok", equalTo(true)).body("checkedThrough", equalTo(8));
        assertTrue(offline(dir).ok());
    }

    @Test
    void scheduledPolicyCutsOnlyOldSegments() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-retention-policy");
        write(dir, "old1");
        sealer.sealAll();
        Instant cutoff = Instant.now();
        Thread.sleep(20);
        write(dir, "new1");
        sealer.sealAll();
        retention.applyCutoff(cutoff);
        verify(dir).body("ok", equalTo(true)).body("checkedThrough", equalTo(4));
        given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories/{d}/audit", dir.id())
                .then().body("records.size()", equalTo(1));
    }

    private static void write(ScimDirectory dir, String... userNames) {
        for (String name : userNames) {
            dir.scim().body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + name + "\"}")
                    .post(dir.path("/Users")).then().statusCode(201);
        }
    }

    private static io.restassured.response.ValidatableResponse verify(ScimDirectory dir) {
        return given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories/{d}/audit/verify", dir.id())
                .then().statusCode(200);
    }

    private static ChainVerifier.Result offline(ScimDirectory dir) throws Exception {
        Path file = Files.createTempFile("audit-export", ".jsonl");
        Files.write(file, given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/{d}/audit/export", dir.id()).asByteArray());
        return AuditExportVerifier.verify(file,
                CheckpointJws.readPublicKeyPem(given().get("/admin/v1/audit/public-key.pem").asString()),
                new ObjectMapper());
    }

    private void execute(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        }
    }
}

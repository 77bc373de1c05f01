package dev.tether.audit;

import static dev.tether.events.WebhookReceiver.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSObject;
import dev.tether.platform.JwtKeyFiles;
import dev.tether.security.AdminRoles;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.KeyPairs;
import dev.tether.testing.KeyRotationProfile;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint signing pair replaced under a running server: new checkpoints are signed with
 * the new pair, and every checkpoint, old and new, still verifies by its kid, online and
 * offline.
 */
@QuarkusTest
@TestProfile(KeyRotationProfile.class)
class CheckpointKeyRotationTest {

    @Inject
    AuditSealer sealer;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Test
    void chainSignedBeforeAndAfterAKeyChangeStillVerifies() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-key-rotation");
        write(dir, "before1", "before2");
        sealer.sealAll();
        String before = jwksKids().get(0);

        Path next = KeyPairs.newPair();
        KeyPairs.install(next, KeyRotationProfile.auditKeys());
        await(Duration.ofSeconds(10), "the audit JWKS to lead with the new key", () -> jwksKids().get(0).equals(KeyPairs.kid(next)));
        write(dir, "after1");
        sealer.sealAll();

        assertEquals(List.of(before, KeyPairs.kid(next)), checkpointKids(dir));
        assertEquals(List.of(KeyPairs.kid(next), before), jwksKids());
        given().get("/admin/v1/audit/public-key.pem").then().statusCode(200)
                .body(equalTo(Files.readString(KeyPairs.publicKey(next)).replace("\r", "")));
        int records = given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories/{d}/audit", dir.id())
                .then().extract().path("records.size()");
        verify(dir).then().statusCode(200).body("ok", equalTo(true))
                .body("checkedThrough", equalTo(records)).body("signedThrough", equalTo(records));

        // Offline: with the JWK Set the server publishes, every checkpoint verifies...
        Path export = export(dir);
        Path jwks = Files.createTempFile("audit-jwks", ".json");
        Files.writeString(jwks, given().get("/admin/v1/audit/jwks.json").asString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, AuditExportVerifier.run(new String[] {export.toString(), jwks.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err), out.toString(StandardCharsets.UTF_8));
        // ...and so it does with the two PEM files...
        Path oldPem = Files.createTempFile("audit-old", ".pem");
        Files.writeString(oldPem, CheckpointJws.publicKeyPem(AuditExportVerifier.readKeys(jwks, mapper).get(1)));
        assertEquals(0, AuditExportVerifier.run(new String[] {export.toString(), KeyPairs.publicKey(next).toString(),
                oldPem.toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), System.err));
        // ...but the current key alone names the first checkpoint's key as unknown.
        ChainVerifier.Result onlyNew = AuditExportVerifier.verify(export,
                JwtKeyFiles.readPublicKey(KeyPairs.publicKey(next)), mapper);
        assertEquals(false, onlyNew.ok());
        assertTrue(onlyNew.reason().contains("unknown key (kid " + before + ")"), onlyNew.reason());
    }

    @Test
    void checkpointOfAnEarlierDeploymentVerifiesOnceItsKeyIsConfigured() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-previous-key");
        write(dir, "p1");
        sealer.sealAll();
        UUID d = UUID.fromString(dir.id());
        // The checkpoint as a deployment with another pair would have signed it: same payload, other key.
        Path earlier = KeyPairs.newPair();
        long length;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            String jws;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT chain_length, jws FROM audit_checkpoints WHERE directory_id = ? ORDER BY chain_length DESC LIMIT 1")) {
                ps.setObject(1, d);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    length = rs.getLong(1);
                    jws = rs.getString(2);
                }
            }
            ObjectNode payload = (ObjectNode) mapper.readTree(Base64.getUrlDecoder().decode(jws.split("\\.")[1]));
            String resigned = CheckpointJws.sign(payload, KeyPairs.kid(earlier),
                    JwtKeyFiles.readPrivateKey(earlier.resolve(JwtKeyFiles.PRIVATE_KEY_FILE)), mapper);
            try (PreparedStatement ps = c.prepareStatement("SET LOCAL session_replication_role = replica")) {
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE audit_checkpoints SET jws = ? WHERE directory_id = ? AND chain_length = ?")) {
                ps.setString(1, resigned);
                ps.setObject(2, d);
                ps.setLong(3, length);
                ps.executeUpdate();
            }
            c.commit();
        }

        verify(dir).then().statusCode(200).body("ok", equalTo(false))
                .body("firstBrokenPosition", equalTo((int) length))
                .body("reason", containsString("unknown key (kid " + KeyPairs.kid(earlier) + ")"));

        Path configured = KeyRotationProfile.auditPrevious().resolve("earlier.pem");
        Files.copy(KeyPairs.publicKey(earlier), configured);
        try {
            await(Duration.ofSeconds(10), "the audit JWKS to list the configured key",
                    () -> jwksKids().contains(KeyPairs.kid(earlier)));
            verify(dir).then().statusCode(200).body("ok", equalTo(true)).body("signedThrough", equalTo((int) length));
        } finally {
            Files.delete(configured);
        }
        await(Duration.ofSeconds(10), "the removed key to leave the audit JWKS",
                () -> !jwksKids().contains(KeyPairs.kid(earlier)));
    }

    @Test
    void unusableKeyFileKeepsSigningWithTheLastGoodPair() throws Exception {
        Path folder = KeyRotationProfile.auditKeys();
        Path good = Files.createTempDirectory("audit-good-pair");
        for (String file : List.of(JwtKeyFiles.PRIVATE_KEY_FILE, JwtKeyFiles.PUBLIC_KEY_FILE)) {
            Files.copy(folder.resolve(file), good.resolve(file));
        }
        String kid = KeyPairs.kid(good);
        await(Duration.ofSeconds(10), "the server to sign with the pair in the folder", () -> jwksKids().get(0).equals(kid));
        try {
            Files.writeString(folder.resolve(JwtKeyFiles.PUBLIC_KEY_FILE), "-----BEGIN PUBLIC KEY-----\nhalf");
            await(Duration.ofSeconds(10), "the warning about the unusable pair", () -> {
                jwksKids();
                return KeyRotationProfile.logHasLineWith("audit checkpoint signing key pair in " + folder, "cannot be used");
            });
            ScimDirectory dir = ScimDirectory.create("audit-garbage-key");
            write(dir, "g1");
            sealer.sealAll();
            assertEquals(List.of(kid), checkpointKids(dir));
            verify(dir).then().statusCode(200).body("ok", equalTo(true));
        } finally {
            KeyPairs.install(good, folder);
        }
    }

    // ---- helpers ----

    private static void write(ScimDirectory dir, String... userNames) {
        for (String name : userNames) {
            dir.scim().body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + name + "\"}")
                    .post(dir.path("/Users")).then().statusCode(201);
        }
    }

    private static List<String> jwksKids() {
        return given().get("/admin/v1/audit/jwks.json").then().statusCode(200).extract().jsonPath().getList("keys.kid");
    }

    private List<String> checkpointKids(ScimDirectory dir) throws Exception {
        List<String> kids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT jws FROM audit_checkpoints WHERE directory_id = ? ORDER BY chain_length")) {
            ps.setObject(1, UUID.fromString(dir.id()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    kids.add(JWSObject.parse(rs.getString(1)).getHeader().getKeyID());
                }
            }
        }
        return kids;
    }

    private static Response verify(ScimDirectory dir) {
        return given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR))
                .get("/admin/v1/directories/{d}/audit/verify", dir.id());
    }

    private static Path export(ScimDirectory dir) throws Exception {
        Response response = given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/{d}/audit/export", dir.id());
        response.then().statusCode(200);
        Path file = Files.createTempFile("audit-export", ".jsonl");
        Files.write(file, response.asByteArray());
        return file;
    }
}

package dev.tether.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tether.security.AdminRoles;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@QuarkusTest
class AuditTrailTest {

    @Inject
    DataSource dataSource;

    @Inject
    AuditSealer sealer;

    @Inject
    FailedScimAuthentications failedAuthentications;

    @Inject
    ObjectMapper mapper;

    @Inject
    CheckpointEventRecorder checkpointEvents;

    // ---- recording ----

    @Test
    void scimWriteIsRecordedWithTokenAndRequest() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-record");
        Response created = dir.scim().header("X-Request-Id", "req-audit-1").body(user("ada"))
                .post(dir.path("/Users"));
        created.then().statusCode(201).header("X-Request-Id", "req-audit-1");
        String userId = created.path("id");
        String tokenId = given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/{id}/tokens", dir.id()).then().extract().path("[0].id");

        JsonNode records = list(dir.id(), "target=" + userId).get("records");
        assertEquals(1, records.size());
        JsonNode r = records.get(0).get("record");
        assertEquals("user.create", r.get("action").asText());
        assertEquals("scim_token", r.at("/actor/type").asText());
        assertEquals(tokenId, r.at("/actor/id").asText());
        assertEquals("POST", r.at("/request/method").asText());
        assertEquals("/scim/v2/" + dir.id() + "/Users", r.at("/request/path").asText());
        assertEquals("req-audit-1", r.at("/request/id").asText());
        assertEquals("JOINER", r.get("lifecycle").asText());
        assertTrue(r.get("afterDigest").asText().matches("[0-9a-f]{64}"));
        assertTrue(r.get("beforeDigest").isNull());
        assertFalse(r.get("cause").isNull());

        JsonNode admin = list(dir.id(), "actor=test-operator").get("records");
        List<String> actions = new ArrayList<>();
        admin.forEach(line -> actions.add(line.at("/record/action").asText()));
        assertEquals(List.of("directory.create", "token.issue"), actions);
        assertEquals("admin", admin.get(0).at("/record/actor/type").asText());
    }

    @Test
    void theListFiltersByAction() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-action");
        String ada = dir.scim().body(user("ada-action")).post(dir.path("/Users")).then().statusCode(201).extract().path("id");
        dir.scim().body(user("bob-action")).post(dir.path("/Users")).then().statusCode(201);
        dir.scim().delete(dir.path("/Users/" + ada)).then().statusCode(204);

        JsonNode created = list(dir.id(), "action=user.create").get("records");
        assertEquals(2, created.size());
        created.forEach(line -> assertEquals("user.create", line.at("/record/action").asText()));
        JsonNode deleted = list(dir.id(), "action=user.delete&target=" + ada).get("records");
        assertEquals(1, deleted.size());
        assertEquals(0, list(dir.id(), "action=no.such.action").get("records").size());
    }

    @Test
    void failedWriteLeavesNoRecord() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-rollback");
        String id = dir.scim().body(user("grace")).post(dir.path("/Users")).then().statusCode(201).extract().path("id");
        int before = list(dir.id(), "").get("records").size();

        dir.scim().body(user("GRACE")).post(dir.path("/Users")).then().statusCode(409);
        dir.scim().header("If-Match", "W/\"999\"")
                .body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"}]}")
                .patch(dir.path("/Users/" + id)).then().statusCode(412);

        assertEquals(before, list(dir.id(), "").get("records").size());
    }

    @Test
    void failedAuthenticationsAreCountedNotRecordedOneByOne() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-auth-failures");
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2("tether_wrong" + i).get(dir.path("/Users")).then().statusCode(401);
        }
        failedAuthentications.flush();
        JsonNode records = list(dir.id(), "").get("records");
        List<JsonNode> failures = new ArrayList<>();
        records.forEach(line -> {
            if ("auth.failure".equals(line.at("/record/action").asText())) {
                failures.add(line.get("record"));
            }
        });
        assertEquals(1, failures.size());
        assertEquals(5, failures.get(0).at("/details/count").asLong());
        assertEquals("anonymous", failures.get(0).at("/actor/type").asText());
    }

    /**
     * Requests to directory ids that name nothing used to fill the bounded counters first, and
     * the real directory's failures after them were dropped: the trail was blind to them.
     */
    @Test
    void failuresAgainstIdsThatNameNothingCannotCrowdOutARealDirectory() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-auth-blinding");
        failedAuthentications.flush(); // a window of its own
        for (int i = 0; i < 450; i++) { // more than the bound (tether.audit.failed-auth-sources, 100) twice over
            given().auth().oauth2("tether_wrong").get("/scim/v2/" + java.util.UUID.randomUUID() + "/Users")
                    .then().statusCode(401);
        }
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2("tether_wrong" + i).get(dir.path("/Users")).then().statusCode(401);
        }
        failedAuthentications.flush();
        long counted = 0;
        for (JsonNode line : list(dir.id(), "").get("records")) {
            if ("auth.failure".equals(line.at("/record/action").asText())) {
                counted += line.at("/record/details/count").asLong();
            }
        }
        assertEquals(3, counted, "every failure against the real directory is counted");
    }

    @Test
    void userTrailHoldsWhatTheUsersWritesCaused() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-trail");
        String id = dir.scim().body(user("leaver")).post(dir.path("/Users")).then().statusCode(201).extract().path("id");
        dir.scim().body(user("bystander")).post(dir.path("/Users")).then().statusCode(201);
        dir.scim().body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}")
                .patch(dir.path("/Users/" + id)).then().statusCode(200);

        JsonNode trail = get("/admin/v1/directories/" + dir.id() + "/audit/trail/users/" + id, AdminTokens.operator());
        List<String> lifecycles = new ArrayList<>();
        trail.get("records").forEach(line -> lifecycles.add(line.at("/record/lifecycle").asText()));
        assertEquals(List.of("JOINER", "LEAVER"), lifecycles);
    }

    @Test
    void pagesFollowTheCursor() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-pages");
        for (String name : List.of("p1", "p2", "p3")) {
            dir.scim().body(user(name)).post(dir.path("/Users")).then().statusCode(201);
        }
        JsonNode first = list(dir.id(), "count=3");
        assertEquals(3, first.get("records").size());
        JsonNode second = list(dir.id(), "count=3&cursor=" + first.get("nextCursor").asText());
        assertEquals(2, second.get("records").size());
        assertTrue(second.get("nextCursor").isNull());
    }

    @Test
    void auditorsReadButChangeNothing() {
        ScimDirectory dir = ScimDirectory.create("audit-roles");
        String auditor = AdminTokens.withGroups(AdminRoles.AUDITOR);
        given().auth().oauth2(auditor).get("/admin/v1/directories/{d}/audit", dir.id()).then().statusCode(200);
        given().auth().oauth2(auditor).get("/admin/v1/directories/{d}/audit/verify", dir.id()).then().statusCode(200);
        given().auth().oauth2(auditor).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .post("/admin/v1/directories").then().statusCode(403);
        given().auth().oauth2(AdminTokens.withGroups()).get("/admin/v1/directories/{d}/audit", dir.id())
                .then().statusCode(403);
        given().get("/admin/v1/directories/{d}/audit", dir.id()).then().statusCode(401);
        given().auth().oauth2(auditor).get("/admin/v1/directories/{d}/audit", UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(auditor).get("/admin/v1/directories/{d}/audit?from=yesterday", dir.id())
                .then().statusCode(400).contentType("application/problem+json");
        given().get("/admin/v1/audit/public-key.pem").then().statusCode(200);
        given().get("/admin/v1/audit/jwks.json").then().statusCode(200).body("keys[0].kty", equalTo("RSA"));
    }

    // ---- immutability ----

    @Test
    void databaseRefusesUpdateDeleteAndTruncate() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-immutable");
        dir.scim().body(user("immutable")).post(dir.path("/Users")).then().statusCode(201);
        sealer.sealAll();
        UUID d = UUID.fromString(dir.id());
        for (String sql : List.of(
                "UPDATE audit_records SET action = 'forged' WHERE directory_id = ?",
                "UPDATE audit_records SET position = position + 100 WHERE directory_id = ?",
                "DELETE FROM audit_records WHERE directory_id = ?",
                "UPDATE audit_checkpoints SET head_hash = 'x' WHERE directory_id = ?",
                "DELETE FROM audit_checkpoints WHERE directory_id = ?")) {
            SQLException refused = assertThrows(SQLException.class, () -> execute(sql, d), sql);
            assertEquals("42501", refused.getSQLState(), sql);
        }
        assertThrows(SQLException.class, () -> execute("TRUNCATE audit_records"));
        // An unsealed record cannot be edited under the cover of sealing it.
        execute("INSERT INTO audit_records (directory_id, actor_type, action) VALUES (?, 'system', 'test.unsealed')", d);
        assertThrows(SQLException.class, () -> execute("UPDATE audit_records SET position = 999, prev_hash = 'a',"
                + " hash = 'b', action = 'forged' WHERE directory_id = ? AND position IS NULL", d));
        // ... nor can a column that was NULL be filled in, or the details be changed, while sealing
        for (String forged : List.of("actor_id = 'forged'", "details = '{\"forged\": true}'")) {
            SQLException refused = assertThrows(SQLException.class, () -> execute("UPDATE audit_records SET position = 999,"
                    + " prev_hash = 'a', hash = 'b', " + forged + " WHERE directory_id = ? AND position IS NULL", d), forged);
            assertEquals("42501", refused.getSQLState(), forged);
        }
        sealer.sealAll();
        verify(dir.id()).then().body("ok", equalTo(true));
    }

    // ---- chain, checkpoints, verification ----

    @Test
    void sealedChainVerifiesHereAndOffline() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-chain");
        for (String name : List.of("c1", "c2", "c3")) {
            dir.scim().body(user(name)).post(dir.path("/Users")).then().statusCode(201);
        }
        sealer.sealAll();
        int records = list(dir.id(), "").get("records").size();
        verify(dir.id()).then().statusCode(200)
                .body("ok", equalTo(true))
                .body("checkedThrough", equalTo(records))
                .body("signedThrough", equalTo(records));

        Path export = export(dir.id());
        ChainVerifier.Result offline = AuditExportVerifier.verify(export, publicKey(), new ObjectMapper());
        assertTrue(offline.ok(), String.valueOf(offline));
        assertEquals(records, offline.checkedThrough());

        // The documented command's entry point: exit code 0 and the result as JSON.
        Path pem = Files.createTempFile("audit-key", ".pem");
        Files.writeString(pem, given().get("/admin/v1/audit/public-key.pem").asString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = AuditExportVerifier.run(new String[] {export.toString(), pem.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"ok\":true"));
    }

    @Test
    void checkpointSignaturesVerifyWithAnIndependentJoseLibrary() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-nimbus");
        dir.scim().body(user("n1")).post(dir.path("/Users")).then().statusCode(201);
        sealer.sealAll();
        JWKSet jwks = JWKSet.parse(given().get("/admin/v1/audit/jwks.json").asString());
        RSAKey key = (RSAKey) jwks.getKeys().get(0);
        assertEquals(key.computeThumbprint().toString(), key.getKeyID());

        List<String[]> checkpoints = query("SELECT jws, chain_length, head_hash FROM audit_checkpoints"
                + " WHERE directory_id = ? ORDER BY chain_length", UUID.fromString(dir.id()));
        assertFalse(checkpoints.isEmpty());
        for (String[] k : checkpoints) {
            JWSObject jws = JWSObject.parse(k[0]);
            assertTrue(jws.verify(new RSASSAVerifier(key)), "checkpoint signature");
            assertEquals(key.getKeyID(), jws.getHeader().getKeyID());
            Map<String, Object> payload = jws.getPayload().toJSONObject();
            assertEquals(dir.id(), payload.get("directory"));
            assertEquals(Long.parseLong(k[1]), ((Number) payload.get("chainLength")).longValue());
            assertEquals(k[2], payload.get("headHash"));
            // Each stored checkpoint was handed to the audit.checkpoint hook, JWS and all.
            assertTrue(checkpointEvents.signed().stream().anyMatch(e -> e.jws().equals(k[0])
                    && e.directoryId().toString().equals(dir.id())), "checkpoint event");
        }
    }

    /** Each way a superuser could rewrite history, and the first position it breaks (records 1..6, checkpoint at 6). */
    enum Tampering {
        CHANGE_A_FIELD(3), CHANGE_DETAILS(2), DELETE_A_RECORD(3), SWAP_TWO(3), INSERT_ONE(4), TRUNCATE_THE_TAIL(5),
        ALTER_CHECKPOINT_ROW(6), FORGE_CHECKPOINT_PAYLOAD(6);

        final long firstBroken;

        Tampering(long firstBroken) {
            this.firstBroken = firstBroken;
        }
    }

    @ParameterizedTest
    @EnumSource(Tampering.class)
    void tamperingIsFoundAtItsPosition(Tampering tampering) throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-tamper-" + tampering);
        for (String name : List.of("t1", "t2", "t3", "t4")) {
            dir.scim().body(user(name)).post(dir.path("/Users")).then().statusCode(201);
        }
        sealer.sealAll();
        UUID d = UUID.fromString(dir.id());
        assertEquals("6", query("SELECT max(chain_length)::text FROM audit_checkpoints WHERE directory_id = ?", d)
                .get(0)[0]);
        assertTrue(AuditExportVerifier.verify(export(dir.id()), publicKey(), mapper).ok());

        switch (tampering) {
            case CHANGE_A_FIELD -> bypassingTriggers(c -> update(c,
                    "UPDATE audit_records SET action = 'user.delete' WHERE directory_id = ? AND position = 3", d));
            case CHANGE_DETAILS -> bypassingTriggers(c -> update(c,
                    "UPDATE audit_records SET details = '{\"name\":\"someone else\"}' WHERE directory_id = ? AND position = 2", d));
            case DELETE_A_RECORD -> bypassingTriggers(c -> update(c,
                    "DELETE FROM audit_records WHERE directory_id = ? AND position = 3", d));
            case SWAP_TWO -> bypassingTriggers(c -> {
                update(c, "UPDATE audit_records SET position = -3 WHERE directory_id = ? AND position = 3", d);
                update(c, "UPDATE audit_records SET position = 3 WHERE directory_id = ? AND position = 4", d);
                update(c, "UPDATE audit_records SET position = 4 WHERE directory_id = ? AND position = -3", d);
            });
            case INSERT_ONE -> bypassingTriggers(c -> insertForgedRecordAt3(c, d));
            case TRUNCATE_THE_TAIL -> bypassingTriggers(c -> update(c,
                    "DELETE FROM audit_records WHERE directory_id = ? AND position >= 5", d));
            case ALTER_CHECKPOINT_ROW -> bypassingTriggers(c -> update(c,
                    "UPDATE audit_checkpoints SET head_hash = (SELECT hash FROM audit_records"
                            + " WHERE directory_id = audit_checkpoints.directory_id AND position = 5)"
                            + " WHERE directory_id = ? AND chain_length = 6", d));
            case FORGE_CHECKPOINT_PAYLOAD -> bypassingTriggers(c -> forgeCheckpointPayload(c, d));
        }

        Response online = verify(dir.id());
        online.then().statusCode(200).body("ok", equalTo(false));
        assertEquals(tampering.firstBroken, ((Number) online.path("firstBrokenPosition")).longValue(),
                online.asString());
        assertNotNull(online.path("reason"));

        ChainVerifier.Result offline = AuditExportVerifier.verify(export(dir.id()), publicKey(), mapper);
        assertFalse(offline.ok());
        assertEquals(tampering.firstBroken, offline.firstBrokenPosition(), String.valueOf(offline));
    }

    private void insertForgedRecordAt3(Connection c, UUID d) throws SQLException {
        update(c, "UPDATE audit_records SET position = position + 1000 WHERE directory_id = ? AND position >= 3", d);
        update(c, "UPDATE audit_records SET position = position - 999 WHERE directory_id = ? AND position >= 1000", d);
        String prev;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT hash FROM audit_records WHERE directory_id = ? AND position = 2")) {
            ps.setObject(1, d);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                prev = rs.getString(1);
            }
        }
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_records (directory_id, actor_type, action,"
                + " position, prev_hash, hash) VALUES (?, 'system', 'user.delete', 3, ?, 'pending') RETURNING id")) {
            ps.setObject(1, d);
            ps.setString(2, prev);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        // A careful forger computes a valid hash for the inserted record; the chain still breaks after it.
        String hash;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + AuditRows.COLUMNS + " FROM audit_records WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                hash = AuditChain.hash(prev, AuditRows.record(rs, 3L, mapper));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_records SET hash = ? WHERE id = ?")) {
            ps.setString(1, hash);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    private void forgeCheckpointPayload(Connection c, UUID d) throws Exception {
        String jws = query("SELECT jws FROM audit_checkpoints WHERE directory_id = ? AND chain_length = 6", d).get(0)[0];
        String[] parts = jws.split("\\.");
        JsonNode payload = mapper.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        String otherHash = query("SELECT hash FROM audit_records WHERE directory_id = ? AND position = 5", d).get(0)[0];
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload).put("headHash", otherHash);
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(CanonicalJson.canonicalBytes(payload)) + "." + parts[2];
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE audit_checkpoints SET jws = ? WHERE directory_id = ? AND chain_length = 6")) {
            ps.setString(1, forged);
            ps.setObject(2, d);
            ps.executeUpdate();
        }
    }

    // ---- writers and the sealer ----

    @Test
    void writersDoNotWaitForAStuckSealer() throws Exception {
        ScimDirectory dir = ScimDirectory.create("audit-concurrency");
        dir.scim().body(user("first")).post(dir.path("/Users")).then().statusCode(201);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Connection stuck = dataSource.getConnection()) {
            stuck.setAutoCommit(false);
            // Play a sealer that took the lock and the unsealed rows, then hung.
            try (PreparedStatement ps = stuck.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                ps.setLong(1, AuditSealer.SEALER_LOCK);
                ps.execute();
            }
            try (PreparedStatement ps = stuck.prepareStatement(
                    "SELECT id FROM audit_records WHERE position IS NULL FOR UPDATE")) {
                ps.executeQuery().close();
            }
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String name = "concurrent-" + i;
                writes.add(pool.submit(() -> dir.scim().body(user(name)).post(dir.path("/Users")).statusCode()));
            }
            for (Future<Integer> write : writes) {
                assertEquals(201, write.get(20, TimeUnit.SECONDS));
            }
            assertEquals(-1, sealer.run(false), "the sealer skips while another holds the lock");
            stuck.rollback();
        } finally {
            pool.shutdownNow();
        }
        sealer.sealAll();
        verify(dir.id()).then().body("ok", equalTo(true)).body("checkedThrough", equalTo(19));
    }

    // ---- helpers ----

    private static String user(String userName) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\"}";
    }

    private JsonNode list(String dir, String query) throws Exception {
        return get("/admin/v1/directories/" + dir + "/audit" + (query.isEmpty() ? "" : "?" + query), AdminTokens.operator());
    }

    private JsonNode get(String path, String jwt) throws Exception {
        String body = given().auth().oauth2(jwt).get(path).then().statusCode(200).extract().asString();
        return mapper.readTree(body);
    }

    private static Response verify(String dir) {
        return given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR))
                .get("/admin/v1/directories/{d}/audit/verify", dir);
    }

    private static Path export(String dir) throws Exception {
        Response response = given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/directories/{d}/audit/export", dir);
        response.then().statusCode(200).contentType("application/jsonl");
        Path file = Files.createTempFile("audit-export", ".jsonl");
        Files.write(file, response.asByteArray());
        return file;
    }

    private static PublicKey publicKey() throws Exception {
        return CheckpointJws.readPublicKeyPem(given().get("/admin/v1/audit/public-key.pem").asString());
    }

    private void execute(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            update(c, sql, params);
        }
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        }
    }

    private List<String[]> query(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<String[]> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] row = new String[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    interface SqlWork {
        void run(Connection c) throws Exception;
    }

    /** As a superuser would: triggers off for this transaction only (session_replication_role). */
    private void bypassingTriggers(SqlWork work) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SET LOCAL session_replication_role = replica")) {
                ps.execute();
            }
            work.run(c);
            c.commit();
        }
    }
}

package dev.tether.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.operations.LogSecretsIT;
import dev.tether.scaleout.PackagedServers.Server;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged servers (target/quarkus-app) on one PostgreSQL, as two replicas behind a Service
 * would run: both migrate at start, writes through either stay correct, and neither logs a
 * secret. Run by failsafe after `package`; about 20 s on an idle machine (three JVM starts in parallel).
 */
class TwoServersOneDatabaseIT {

    static final String SCIM_JSON = "application/scim+json";
    static final ObjectMapper JSON = PackagedServers.JSON;

    static PackagedServers servers;
    static Server a;
    static Server b;
    static Server badConfig;
    static String adminToken;
    static String directoryId;
    static String scimToken;

    @BeforeAll
    static void startTwoServers() throws Exception {
        servers = PackagedServers.open(Path.of("target/two-servers"));
        a = servers.start("a", Map.of());
        b = servers.start("b", Map.of());
        // started alongside, so its failed start costs no extra wall time
        badConfig = servers.start("bad-config", Map.of("TETHER_SCIM_MAX_PAGE_SIZE", "0", "TETHER_KEYS_RELOAD_INTERVAL", "0s"));
        a.awaitReady();
        b.awaitReady();
        adminToken = servers.adminToken();
        directoryId = send(a, "POST", "/admin/v1/directories", adminToken, "application/json", "{\"name\":\"two servers\"}")
                .path("id").asText();
        scimToken = send(b, "POST", "/admin/v1/directories/" + directoryId + "/tokens", adminToken, "application/json",
                "{\"description\":\"it\"}").path("token").asText();
    }

    /** SIGTERM, as Kubernetes sends it: each server shuts down by itself, well within the grace period. */
    @AfterAll
    static void stopServersGracefully() throws Exception {
        try {
            if (badConfig != null) {
                badConfig.process().destroyForcibly();
            }
            for (Server server : new Server[] {a, b}) {
                if (server != null && server.process().isAlive()) {
                    boolean exited = server.stopGracefully(Duration.ofSeconds(30));
                    server.process().destroyForcibly();
                    assertTrue(exited, server.name() + " did not stop within 30 s of SIGTERM");
                    assertTrue(Files.readString(server.log()).contains("stopped in"),
                            server.name() + " logs its orderly shutdown");
                }
            }
        } finally {
            if (servers != null) {
                servers.close();
            }
        }
    }

    @Test
    void concurrentMemberAddsThroughBothServersAreAllKept() throws Exception {
        String groupId = scim(a, "POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"everyone\"}", 201).path("id").asText();
        int users = 40;
        List<String> userIds = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            userIds.add(scim(i % 2 == 0 ? a : b, "POST", "/Users", userJson("member" + i + "@example.com"), 201)
                    .path("id").asText());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<JsonNode>> adds = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                Server server = i % 2 == 0 ? b : a;
                String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
                        + "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + userIds.get(i) + "\"}]}]}";
                adds.add(pool.submit(() -> scim(server, "PATCH", "/Groups/" + groupId, body, 200)));
            }
            for (Future<JsonNode> add : adds) {
                add.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Server server : List.of(a, b)) {
            JsonNode group = scim(server, "GET", "/Groups/" + groupId, null, 200);
            assertEquals(users, group.path("members").size(), "members seen through " + server.name());
        }
    }

    @Test
    void userNameStaysUniqueAcrossBothServers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 10; i++) {
                String userName = "race" + i + "@example.com";
                CountDownLatch go = new CountDownLatch(1);
                Future<Integer> viaA = pool.submit(() -> { go.await(); return status(a, "POST", "/Users", userJson(userName)); });
                Future<Integer> viaB = pool.submit(() -> { go.await(); return status(b, "POST", "/Users", userJson(userName.toUpperCase())); });
                go.countDown();
                List<Integer> statuses = new ArrayList<>(List.of(viaA.get(30, TimeUnit.SECONDS), viaB.get(30, TimeUnit.SECONDS)));
                statuses.sort(null);
                assertEquals(List.of(201, 409), statuses, userName);
                JsonNode found = scim(b, "GET", "/Users?filter=" + java.net.URLEncoder.encode("userName eq \"" + userName + "\"",
                        java.nio.charset.StandardCharsets.UTF_8), null, 200);
                assertEquals(1, found.path("totalResults").asInt());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachServerCountsTheScimRequestsItServed() throws Exception {
        scim(a, "GET", "/Users", null, 200);
        scim(b, "GET", "/Users", null, 200);
        for (Server server : List.of(a, b)) {
            String metrics = PackagedServers.HTTP.send(HttpRequest.newBuilder(URI.create(server.management() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("tether_scim_requests_total{directory=\"" + directoryId + "\",method=\"GET\",resource=\"Users\",status=\"200\"}"),
                    server.name() + " exports the SCIM request counter");
        }
    }

    @Test
    void aBadSettingStopsTheStartNamingTheKey() throws Exception {
        Server bad = badConfig;
        assertTrue(bad.process().waitFor(60, TimeUnit.SECONDS), "the server must not start");
        assertTrue(bad.process().exitValue() != 0);
        String log = Files.readString(bad.log());
        assertTrue(log.contains("tether.scim.max-page-size"), "the failure names the key:\n" + log);
        assertTrue(log.contains("tether.keys.reload-interval"), "and every other bad key:\n" + log);
    }

    @Test
    void logsAreJsonWithRequestAndDirectoryIdsAndHoldNoSecret() throws Exception {
        scim(a, "GET", "/Users?count=1", null, 200);
        scim(b, "GET", "/Groups?count=1", null, 200);
        Thread.sleep(500); // access log lines are written after the response
        for (Server server : List.of(a, b)) {
            String log = Files.readString(server.log());
            boolean tagged = false;
            for (String line : log.lines().filter(l -> l.startsWith("{")).toList()) {
                JsonNode mdc = JSON.readTree(line).path("mdc");
                if (directoryId.equals(mdc.path("directoryId").asText()) && !mdc.path("requestId").asText().isEmpty()) {
                    tagged = true;
                }
            }
            assertTrue(tagged, server.name() + " logs JSON lines carrying requestId and directoryId");
            assertFalse(log.contains(scimToken), server.name() + " logged the SCIM token");
            assertFalse(log.contains(adminToken), server.name() + " logged the admin JWT");
            assertEquals(List.of(), LogSecretsIT.secretsIn(log), server.name() + " logged something secret");
        }
    }

    // --- HTTP ------------------------------------------------------------------------------

    static JsonNode scim(Server server, String method, String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = server.call(method, "/scim/v2/" + directoryId + path, scimToken, SCIM_JSON, body);
        assertEquals(expectedStatus, response.statusCode(), method + " " + path + " via " + server.name() + ": " + response.body());
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    static int status(Server server, String method, String path, String body) throws Exception {
        return server.call(method, "/scim/v2/" + directoryId + path, scimToken, SCIM_JSON, body).statusCode();
    }

    static JsonNode send(Server server, String method, String path, String token, String type, String body) throws Exception {
        return server.json(method, path, token, type, body);
    }

    static String userJson(String userName) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\"}";
    }
}

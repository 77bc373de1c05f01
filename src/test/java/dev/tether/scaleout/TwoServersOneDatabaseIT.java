package dev.tether.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.boot.JwtKeyFiles;
import dev.tether.operations.LogSecretsIT;
import io.smallrye.jwt.build.Jwt;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final Path LOGS = Path.of("target/two-servers");
    static final String SCIM_JSON = "application/scim+json";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static EmbeddedPostgres postgres;
    static Path keys;
    static Server a;
    static Server b;
    static Server badConfig;
    static String adminToken;
    static String directoryId;
    static String scimToken;

    record Server(String name, Process process, String base, Path log) {
    }

    @BeforeAll
    static void startTwoServers() throws Exception {
        assertTrue(Files.exists(JAR), "run after package: " + JAR);
        Files.createDirectories(LOGS);
        postgres = EmbeddedPostgres.builder().start();
        keys = Files.createTempDirectory("tether-it-jwt");
        JwtKeyFiles.ensure(keys);
        a = start("a", Map.of());
        b = start("b", Map.of());
        // started alongside, so its failed start costs no extra wall time
        badConfig = start("bad-config", Map.of("TETHER_SCIM_MAX_PAGE_SIZE", "0", "TETHER_KEYS_RELOAD_INTERVAL", "0s"));
        awaitReady(a);
        awaitReady(b);
        adminToken = Jwt.issuer("tether").subject("it-operator").groups(Set.of("tether-operator"))
                .expiresIn(Duration.ofMinutes(30)).sign(JwtKeyFiles.readPrivateKey(keys.resolve(JwtKeyFiles.PRIVATE_KEY_FILE)));
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
                    server.process().destroy();
                    boolean exited = server.process().waitFor(30, TimeUnit.SECONDS);
                    server.process().destroyForcibly();
                    assertTrue(exited, server.name() + " did not stop within 30 s of SIGTERM");
                    assertTrue(Files.readString(server.log()).contains("stopped in"),
                            server.name() + " logs its orderly shutdown");
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
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
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + "/q/metrics")).build(),
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

    // --- processes and HTTP ----------------------------------------------------------------

    static Server start(String name, Map<String, String> extraEnv) throws IOException {
        int port = freePort();
        Path log = LOGS.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("TETHER_") || k.startsWith("MP_JWT_"));
        Map<String, String> settings = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", postgres.getJdbcUrl("postgres", "postgres"),
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "QUARKUS_DATASOURCE_PASSWORD", "postgres",
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "QUARKUS_HTTP_ACCESS_LOG_ENABLED", "true",
                "QUARKUS_SHUTDOWN_DELAY", "0s",
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.resolve(JwtKeyFiles.PUBLIC_KEY_FILE).toUri().toString()));
        settings.putAll(extraEnv);
        env.putAll(settings);
        return new Server(name, builder.start(), "http://localhost:" + port, log);
    }

    static void awaitReady(Server server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertTrue(server.process().isAlive(), server.name() + " died:\n" + Files.readString(server.log()));
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // still starting (or migrating)
            }
            Thread.sleep(250);
        }
        throw new AssertionError(server.name() + " not ready:\n" + Files.readString(server.log()));
    }

    static JsonNode scim(Server server, String method, String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = HTTP.send(request(server, method, "/scim/v2/" + directoryId + path, scimToken,
                SCIM_JSON, body), HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), method + " " + path + " via " + server.name() + ": " + response.body());
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    static int status(Server server, String method, String path, String body) throws Exception {
        return HTTP.send(request(server, method, "/scim/v2/" + directoryId + path, scimToken, SCIM_JSON, body),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static JsonNode send(Server server, String method, String path, String token, String type, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(request(server, method, path, token, type, body),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() / 100 == 2, method + " " + path + ": " + response.statusCode() + " " + response.body());
        return JSON.readTree(response.body());
    }

    static HttpRequest request(Server server, String method, String path, String token, String type, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.base() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", type);
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String userJson(String userName) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\"}";
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

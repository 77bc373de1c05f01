package dev.tether.scaleout;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.platform.EnvelopeKeyFolder;
import dev.tether.platform.JwtKeyFiles;
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
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Packaged servers (target/quarkus-app, as `package` built them) run as separate processes on
 * one embedded PostgreSQL, the way replicas run behind a Service. They share what every replica
 * of a deployment shares: the database, the admin JWT verification key, and the audit
 * checkpoint and SET signing key pairs (made here once, as an operator would mount them).
 */
final class PackagedServers implements AutoCloseable {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final EmbeddedPostgres postgres;
    final Path logs;
    private final Path jwtKeys;
    private final Path dataDir;

    private PackagedServers(EmbeddedPostgres postgres, Path logs, Path jwtKeys, Path dataDir) {
        this.postgres = postgres;
        this.logs = logs;
        this.jwtKeys = jwtKeys;
        this.dataDir = dataDir;
    }

    /** A fresh PostgreSQL and key material; servers' logs go to {@code logs}. */
    static PackagedServers open(Path logs) throws IOException {
        assertTrue(Files.exists(JAR), "run after package: " + JAR);
        Files.createDirectories(logs);
        Path jwtKeys = Files.createTempDirectory("tether-it-jwt");
        JwtKeyFiles.ensure(jwtKeys);
        Path dataDir = Files.createTempDirectory("tether-it-data");
        JwtKeyFiles.ensure(dataDir.resolve("audit-key"));
        JwtKeyFiles.ensure(dataDir.resolve("ssf"));
        // made once here: two servers starting together must not each make their own
        EnvelopeKeyFolder.ensure(dataDir.resolve("webhook-keys"));
        return new PackagedServers(EmbeddedPostgres.builder().start(), logs, jwtKeys, dataDir);
    }

    /** Starts one server process; {@code extraEnv} adds or overrides settings. Does not wait for it. */
    Server start(String name, Map<String, String> extraEnv) throws IOException {
        int port = freePort();
        int managementPort = freePort();
        Path log = logs.resolve(name + ".log");
        // C1 only: these processes live for a minute, and start twice as fast on a busy machine
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("TETHER_") || k.startsWith("MP_JWT_"));
        Map<String, String> settings = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", postgres.getJdbcUrl("postgres", "postgres"),
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "QUARKUS_DATASOURCE_PASSWORD", "postgres",
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort),
                "QUARKUS_HTTP_ACCESS_LOG_ENABLED", "true",
                "QUARKUS_SHUTDOWN_DELAY", "0s",
                "TETHER_DATA_DIR", dataDir.toString(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", jwtKeys.resolve(JwtKeyFiles.PUBLIC_KEY_FILE).toUri().toString()));
        settings.putAll(extraEnv);
        env.putAll(settings);
        return new Server(name, builder.start(), "http://localhost:" + port, "http://localhost:" + managementPort, log);
    }

    /** An operator JWT the servers accept. */
    String adminToken() throws IOException {
        return Jwt.issuer("tether").subject("it-operator").groups(Set.of("tether-operator"))
                .expiresIn(Duration.ofMinutes(30)).sign(JwtKeyFiles.readPrivateKey(jwtKeys.resolve(JwtKeyFiles.PRIVATE_KEY_FILE)));
    }

    /** The database itself, for reading rows the API does not show. */
    DataSource database() {
        return postgres.getPostgresDatabase();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** One server process. */
    record Server(String name, Process process, String base, String management, Path log) {

        void awaitReady() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                assertTrue(process.isAlive(), name + " died:\n" + Files.readString(log));
                try {
                    HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(management + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (ready.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // still starting (or migrating)
                }
                Thread.sleep(250);
            }
            throw new AssertionError(name + " not ready:\n" + Files.readString(log));
        }

        HttpResponse<String> call(String method, String path, String token, String type, String body) throws Exception {
            return HTTP.send(request(method, path, token, type, body), HttpResponse.BodyHandlers.ofString());
        }

        /** A call that must succeed (2xx); its JSON body, or a null node when empty. */
        JsonNode json(String method, String path, String token, String type, String body) throws Exception {
            HttpResponse<String> response = call(method, path, token, type, body);
            assertTrue(response.statusCode() / 100 == 2,
                    method + " " + path + " via " + name + ": " + response.statusCode() + " " + response.body());
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        }

        HttpRequest request(String method, String path, String token, String type, String body) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", type);
            if (body == null) {
                return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
            }
            return builder.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        }

        /** SIGTERM, as Kubernetes sends it; true when the process exited within the time. */
        boolean stopGracefully(Duration within) throws InterruptedException {
            process.destroy();
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}

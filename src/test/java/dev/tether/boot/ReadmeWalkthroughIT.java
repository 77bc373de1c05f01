package dev.tether.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's walkthrough runs as written: the quick start is started with the README's own
 * run command ({@code ./tether}, on a fresh data folder), then the fenced bash blocks of the
 * "## Walkthrough" section run in order, in one bash, as a reader pasting them into one terminal
 * would. Runs after {@code package}, so {@code ./tether} finds the build and does not rebuild.
 */
class ReadmeWalkthroughIT {

    static final Path README = Path.of("README.md");
    static final Path WORK = Path.of("target/readme-walkthrough");

    /** The bash blocks between "## Walkthrough" and the next level-2 heading. */
    static List<String> walkthroughBlocks(String markdown) {
        int start = markdown.indexOf("\n## Walkthrough\n");
        assertTrue(start >= 0, "README has no '## Walkthrough' section");
        int end = markdown.indexOf("\n## ", start + 1);
        String section = markdown.substring(start, end < 0 ? markdown.length() : end + 1);
        List<String> blocks = new ArrayList<>();
        int at = 0;
        while ((at = section.indexOf("\n```bash\n", at)) >= 0) {
            int close = section.indexOf("\n```\n", at + 9);
            assertTrue(close > 0, "unclosed bash block in the walkthrough");
            blocks.add(section.substring(at + 9, close + 1));
            at = close + 4;
        }
        return blocks;
    }

    @Test
    void extractsOnlyTheWalkthroughsBashBlocks() {
        String markdown = "# T\n```bash\nnot me\n```\n## Walkthrough\ntext\n```bash\none\n```\n"
                + "```json\n{}\n```\n```bash\ntwo\nthree\n```\n## Next\n```bash\nnot me either\n```\n";
        assertEquals(List.of("one\n", "two\nthree\n"), walkthroughBlocks(markdown));
    }

    @Test
    void theWalkthroughRunsAsWrittenAgainstTheQuickStart() throws Exception {
        assertTrue(Files.exists(Path.of("target/quarkus-app/quarkus-run.jar")), "run after package");
        List<String> blocks = walkthroughBlocks(Files.readString(README));
        assertTrue(blocks.size() >= 6, "the walkthrough has its steps: " + blocks.size());
        assertTrue(blocks.get(0).contains("quick-start.env"), "the walkthrough starts from the quick start's values");

        Files.createDirectories(WORK);
        Path dataDir = Files.createTempDirectory("tether-walkthrough");
        Path serverLog = WORK.resolve("server.log");
        int port = freePort();
        ProcessBuilder quickStart = new ProcessBuilder("./tether").redirectErrorStream(true).redirectOutput(serverLog.toFile());
        clean(quickStart);
        quickStart.environment().put("TETHER_DATA_DIR", dataDir.toString());
        quickStart.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        int managementPort = freePort();
        quickStart.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        Process server = quickStart.start();
        try {
            awaitReady(server, "http://127.0.0.1:" + managementPort, serverLog);
            String banner = Files.readString(serverLog);
            assertTrue(banner.contains("Listening on: http://127.0.0.1:" + port), "binds to loopback by default");
            assertTrue(banner.contains(" INFO  [io.quarkus]"), "readable log lines, not JSON");
            assertFalse(banner.contains("building the server"), "a packaged build is reused, not rebuilt");

            Path script = WORK.resolve("walkthrough.sh");
            Files.writeString(script, "set -euo pipefail\n" + String.join("\n", blocks));
            ProcessBuilder walk = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectOutput(WORK.resolve("walkthrough.log").toFile());
            clean(walk);
            walk.environment().put("TETHER_DATA_DIR", dataDir.toString());
            Process walkthrough = walk.start();
            assertTrue(walkthrough.waitFor(240, TimeUnit.SECONDS), "walkthrough still running");
            String output = Files.readString(WORK.resolve("walkthrough.log"));
            assertEquals(0, walkthrough.exitValue(), "walkthrough failed:\n" + output);

            assertTrue(output.matches("(?s).*\\{\"type\":\"credential.revoked\".*\"reason\":\"leaver\".*"),
                    "the receiver holds the verified revocation:\n" + output);
            assertTrue(output.contains("[(False, 'leaver')]"), "the credential is inactive:\n" + output);
            assertTrue(output.contains("credential.revoke"), "the user's trail shows the cascade:\n" + output);
            assertTrue(output.matches("(?s).*\\{\"ok\":true.*\\{\"ok\":true.*"),
                    "the trail verifies online and offline:\n" + output);
        } finally {
            server.destroy();
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "quick start did not stop");
        }
        assertTrue(Files.readString(serverLog).strip().endsWith("Tether stopped."), Files.readString(serverLog));
    }

    /** Like a fresh terminal: no Tether, Quarkus or JWT settings inherited from the build. */
    private static void clean(ProcessBuilder builder) {
        builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("TETHER_")
                || k.startsWith("MP_JWT_") || k.startsWith("SMALLRYE_JWT_"));
    }

    /** Waits for readiness on the management interface ({@code base} is its URL). */
    private static void awaitReady(Process server, String base, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            assertTrue(server.isAlive(), "quick start died:\n" + Files.readString(log));
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("quick start not ready:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

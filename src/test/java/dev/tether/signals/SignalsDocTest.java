package dev.tether.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testing.AdminTokens;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docs/signals.md's "Try it" runs as written: its bash blocks, in order, in one bash, against this
 * server, with a quick-start.env that names it (openssl plays the IdP, as the page says).
 */
@QuarkusTest
class SignalsDocTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void theTryItBlocksRunAsWritten() throws Exception {
        String page = Files.readString(Path.of("docs/signals.md"));
        int start = page.indexOf("\n## Try it\n");
        int end = page.indexOf("\n## ", start + 1);
        String section = page.substring(start, end);
        List<String> blocks = new ArrayList<>();
        for (int at = 0; (at = section.indexOf("\n```bash\n", at)) >= 0; ) {
            int close = section.indexOf("\n```\n", at + 9);
            blocks.add(section.substring(at + 9, close + 1));
            at = close + 4;
        }
        assertTrue(blocks.size() >= 5, "the page has its steps");

        ScimDirectory dir = ScimDirectory.create("signals-doc");
        String tether = base.toString().replaceAll("/$", "");
        Path data = Files.createDirectories(Path.of("target/signals-doc"));
        Files.writeString(data.resolve("quick-start.env"), String.join("\n",
                "TETHER=" + tether,
                "DIRECTORY_ID=" + dir.id(),
                "SCIM_BASE_URL=" + tether + "/scim/v2/" + dir.id(),
                "SCIM_TOKEN=" + dir.token(),
                "ADMIN_TOKEN=" + AdminTokens.operator(), ""));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", String.join("", blocks))
                .redirectErrorStream(true);
        bash.environment().put("TETHER_DATA_DIR", data.toString());
        bash.environment().put("JWKS_PORT", Integer.toString(port));
        Process p = bash.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the blocks finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("push: 202"), out);
        assertTrue(out.contains("('revoked', 'signal:account-disabled', True)"), out);
        assertTrue(out.contains("\nsignal:account-disabled\n"), out);
        assertTrue(out.contains("replay: 202"), out);
        assertTrue(out.contains("\"err\":\"invalid_audience\""), out);
        assertTrue(out.contains("release: 204"), out);
        assertTrue(out.contains("edited: hold ['externalId', 'email']"), out);
        assertTrue(out.contains("verify: 409"), out);
        assertTrue(out.contains("subscription with header: True"), out);
        assertTrue(out.contains("judy's key: revoked signal:account-disabled"), out);
    }
}

package dev.tether.reviews;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testing.AdminTokens;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docs/recertification.md's "Trying it" runs as written: after the README walkthrough's user,
 * agent and delegation blocks (run as written too, with the values the quick start's
 * quick-start.env would give), its bash blocks run in the same bash against the test server,
 * and print what the page says they print.
 */
@QuarkusTest
class RecertificationDocTest {

    @Test
    void theTryingItBlocksRunAsWritten() throws Exception {
        ScimDirectory dir = ScimDirectory.create("recert-doc");
        String base = "http://localhost:" + RestAssured.port;
        List<String> readme = bashBlocks(Files.readString(Path.of("README.md")), "\n## Walkthrough\n");
        List<String> page = bashBlocks(Files.readString(Path.of("docs/recertification.md")), "\n### Trying it\n");
        assertEquals(2, page.size(), "the page's two blocks");
        StringBuilder script = new StringBuilder("set -e\n");
        script.append("TETHER='").append(base).append("'\n");
        script.append("DIRECTORY_ID='").append(dir.id()).append("'\n");
        script.append("SCIM_BASE_URL=\"$TETHER/scim/v2/$DIRECTORY_ID\"\n");
        script.append("SCIM_TOKEN='").append(dir.token()).append("'\n");
        script.append("ADMIN_TOKEN='").append(AdminTokens.operator()).append("'\n");
        // the README's helper line, then the user block and the agent/delegation/credential block
        script.append(readme.get(0).lines().filter(l -> l.startsWith("json()")).findFirst().orElseThrow()).append('\n');
        script.append(readme.get(1)).append(readme.get(2));
        script.append("echo '--- page'\n");
        page.forEach(script::append);

        Process bash = new ProcessBuilder("bash", "-c", script.toString()).redirectErrorStream(true).start();
        assertTrue(bash.waitFor(120, TimeUnit.SECONDS), "the blocks finish");
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, bash.exitValue(), out);
        List<String> printed = out.substring(out.indexOf("--- page\n") + 9).lines().toList();
        assertEquals("revoke", printed.get(0), out);
        assertEquals("delegator ['ada@example.com'] ['mail.read'] True", printed.get(1), out);
        assertEquals("decided approve True", printed.get(2), out);
        assertEquals("itemId,status,decision", printed.get(3), out);
        assertTrue(printed.get(4).endsWith(",decided,approve"), out);
        assertEquals(5, printed.size(), out);
    }

    /** The bash blocks of the section that starts with {@code heading}, up to the next heading of level 2. */
    static List<String> bashBlocks(String markdown, String heading) {
        int start = markdown.indexOf(heading);
        assertTrue(start >= 0, "no section " + heading.strip());
        int end = markdown.indexOf("\n## ", start + 1);
        String section = markdown.substring(start, end < 0 ? markdown.length() : end + 1);
        List<String> blocks = new ArrayList<>();
        int at = 0;
        while ((at = section.indexOf("\n```bash\n", at)) >= 0) {
            int close = section.indexOf("\n```\n", at + 9);
            blocks.add(section.substring(at + 9, close + 1));
            at = close + 4;
        }
        return blocks;
    }
}

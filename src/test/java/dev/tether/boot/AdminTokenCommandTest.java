package dev.tether.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.platform.JwtKeyFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `token --role R --days N` mints an admin JWT with the quick start's key, for every role. */
class AdminTokenCommandTest {

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return AdminTokenCommand.run(dataDir, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void mintsAVerifiableTokenForEveryRole() throws Exception {
        Path publicKey = JwtKeyFiles.ensure(QuickStartDemo.jwtFolder(dataDir));
        for (String role : AdminTokenCommand.ROLES) {
            out.reset();
            assertEquals(0, run("--role", role, "--days", "7"), err.toString());
            String jwt = out.toString(StandardCharsets.UTF_8).strip();
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(jwt);
            jws.setKey(JwtKeyFiles.readPublicKey(publicKey));
            assertTrue(jws.verifySignature(), role);
            JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
            assertEquals("tether", claims.get("iss").asText());
            assertEquals(role, claims.get("groups").get(0).asText());
            assertEquals(7L * 24 * 3600, claims.get("exp").asLong() - claims.get("iat").asLong());
        }
    }

    @Test
    void refusesUnknownRolesAndBadDays() throws Exception {
        JwtKeyFiles.ensure(QuickStartDemo.jwtFolder(dataDir));
        assertEquals(2, run("--role", "root"));
        assertEquals(2, run("--role", "tether-auditor", "--days", "0"));
        assertEquals(2, run("--role", "tether-auditor", "--days"));
        assertEquals(2, run("--role"));
        assertTrue(err.toString().contains("usage: token --role"));
        assertEquals("", out.toString());
    }

    @Test
    void saysWhereTheKeyShouldBe() {
        assertEquals(1, run("--role", "tether-operator"));
        assertTrue(err.toString().contains("start the quick start once"));
    }
}

package dev.tether.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tether.platform.JwtKeyFiles;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * A server whose signing keys live in folders of their own, re-read every
 * {@link #RELOAD_INTERVAL}, so tests can replace key files as an operator (or the kubelet)
 * would. The SET and audit pairs are made by the server at start; the folders of additional
 * SET keys and of previous audit keys start empty. Admin JWTs are verified with a JWK Set
 * file holding the test pair's key and a second one ({@link #adminNext()}). The root folder is shared through a system
 * property because Quarkus loads test classes in a different class loader.
 */
public class KeyRotationProfile implements QuarkusTestProfile {

    static final String ROOT_PROPERTY = "tether-test.key-rotation-root";
    public static final Duration RELOAD_INTERVAL = Duration.ofMillis(200);

    static synchronized Path root() {
        String existing = System.getProperty(ROOT_PROPERTY);
        if (existing != null) {
            return Path.of(existing);
        }
        try {
            Path root = Files.createTempDirectory("tether-test-key-rotation");
            Files.createDirectories(root.resolve("ssf-published"));
            Files.createDirectories(root.resolve("audit-previous"));
            System.setProperty(ROOT_PROPERTY, root.toString());
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SET signing pair's folder (tether.events.ssf.key-folder). */
    public static Path ssfKeys() {
        return root().resolve("ssf");
    }

    /** A folder of further public keys the SET JWKS publishes (tether.events.ssf.additional-public-keys). */
    public static Path ssfPublished() {
        return root().resolve("ssf-published");
    }

    /** The checkpoint signing pair's folder (tether.audit.signing-key-dir). */
    public static Path auditKeys() {
        return root().resolve("audit-key");
    }

    /** A folder of earlier checkpoint public keys (tether.audit.previous-public-keys). */
    public static Path auditPrevious() {
        return root().resolve("audit-previous");
    }

    /** A second admin JWT pair, trusted next to the test pair through a JWK Set file. */
    public static Path adminNext() {
        Path folder = root().resolve("admin-next");
        if (!Files.exists(folder)) {
            KeyPairs.install(KeyPairs.newPair(), mkdirs(folder));
        }
        return folder;
    }

    /** The JWK Set file smallrye-jwt verifies admin JWTs with here (mp.jwt.verify.publickey.location). */
    public static Path adminJwks() {
        return root().resolve("admin-jwks.json");
    }

    /** Writes the admin JWK Set with the public keys of these pairs, each with its thumbprint as kid. */
    public static void writeAdminJwks(Path... pairs) {
        StringBuilder json = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < pairs.length; i++) {
            try {
                RSAPublicKey key = JwtKeyFiles.readPublicKey(KeyPairs.publicKey(pairs[i]));
                json.append(i == 0 ? "" : ",").append(new RSAKey.Builder(key)
                        .keyID(KeyPairs.kid(pairs[i])).algorithm(JWSAlgorithm.RS256).build()
                        .toPublicJWK().toJSONString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            Files.writeString(adminJwks(), json.append("]}"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        writeAdminJwks(TestJwtKeys.folder(), adminNext());
        return Map.of(
                "mp.jwt.verify.publickey.location", adminJwks().toUri().toString(),
                "tether.keys.reload-interval", RELOAD_INTERVAL.toString(),
                "tether.events.ssf.key-folder", ssfKeys().toString(),
                "tether.events.ssf.additional-public-keys", ssfPublished().toString(),
                "tether.audit.signing-key-dir", auditKeys().toString(),
                "tether.audit.previous-public-keys", auditPrevious().toString());
    }

    private static Path mkdirs(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the test log (target/quarkus-test.log) holds a line with all of the given parts. */
    public static boolean logHasLineWith(String... parts) {
        try {
            return Files.readAllLines(Path.of("target/quarkus-test.log"), StandardCharsets.ISO_8859_1).stream()
                    .anyMatch(line -> Arrays.stream(parts).allMatch(line::contains));
        } catch (IOException e) {
            return false;
        }
    }
}

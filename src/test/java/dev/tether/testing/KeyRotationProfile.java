package dev.tether.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A server whose signing keys live in folders of their own, re-read every
 * {@link #RELOAD_INTERVAL}, so tests can replace key files as an operator (or the kubelet)
 * would. The SET and audit pairs are made by the server at start; the folders of additional
 * SET keys and of previous audit keys start empty. The root folder is shared through a system
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

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "tether.keys.reload-interval", RELOAD_INTERVAL.toString(),
                "tether.events.ssf.key-folder", ssfKeys().toString(),
                "tether.events.ssf.additional-public-keys", ssfPublished().toString(),
                "tether.audit.signing-key-dir", auditKeys().toString(),
                "tether.audit.previous-public-keys", auditPrevious().toString());
    }

    /** Whether the test log (target/quarkus-test.log) holds a line with all of the given parts. */
    public static boolean logHasLineWith(String... parts) {
        try {
            return Files.readAllLines(Path.of("target/quarkus-test.log"), java.nio.charset.StandardCharsets.ISO_8859_1).stream()
                    .anyMatch(line -> java.util.Arrays.stream(parts).allMatch(line::contains));
        } catch (IOException e) {
            return false;
        }
    }
}

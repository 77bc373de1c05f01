package dev.tether.testing;

import dev.tether.platform.JwtKeyFiles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Generates an RSA key pair for the test run and points smallrye-jwt's verification at its
 * public half; {@link AdminTokens} signs with the private half. The folder is shared through a
 * system property because Quarkus loads test classes in a different class loader.
 */
@QuarkusTestResource(value = TestJwtKeys.class)
public class TestJwtKeys implements QuarkusTestResourceLifecycleManager {

    static final String FOLDER_PROPERTY = "tether-test.jwt-folder";

    public static synchronized Path folder() {
        String existing = System.getProperty(FOLDER_PROPERTY);
        if (existing != null) {
            return Path.of(existing);
        }
        try {
            Path folder = Files.createTempDirectory("tether-test-jwt");
            JwtKeyFiles.ensure(folder);
            System.setProperty(FOLDER_PROPERTY, folder.toString());
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        Path folder = folder();
        return Map.of(
                "mp.jwt.verify.publickey.location", folder.resolve(JwtKeyFiles.PUBLIC_KEY_FILE).toUri().toString(),
                "smallrye.jwt.sign.key.location", folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE).toUri().toString());
    }

    @Override
    public void stop() {
        // the key files live in a temp folder; keep them until the JVM exits, profiles may restart the app
    }
}

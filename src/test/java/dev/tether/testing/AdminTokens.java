package dev.tether.testing;

import dev.tether.platform.JwtKeyFiles;
import dev.tether.security.AdminRoles;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;

/** Admin API JWTs for tests, signed with the key that {@link TestJwtKeys} makes the server trust. */
public final class AdminTokens {

    /** Matches mp.jwt.verify.issuer in application.properties. */
    public static final String ISSUER = "tether";

    private AdminTokens() {
    }

    /** A JWT with the operator role: may do everything in the admin API. */
    public static String operator() {
        return withGroups(AdminRoles.OPERATOR);
    }

    /**
     * A valid JWT carrying exactly these groups (roles); none gives a valid JWT without roles.
     * Its kid is the test key's thumbprint, so it also verifies against a JWK Set of several keys.
     */
    public static String withGroups(String... groups) {
        return signedBy(TestJwtKeys.folder(), groups);
    }

    /** A valid JWT with these groups and one more claim (for example the directories a token may reach). */
    public static String withClaim(String claim, Object value, String... groups) {
        java.nio.file.Path folder = TestJwtKeys.folder();
        try {
            return Jwt.issuer(ISSUER)
                    .subject("test-pep")
                    .groups(Set.of(groups))
                    .claim(claim, value)
                    .expiresIn(Duration.ofHours(1))
                    .jws().keyId(KeyPairs.kid(folder))
                    .sign(JwtKeyFiles.readPrivateKey(folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An operator-like JWT signed by the pair in {@code folder}, with that key's thumbprint as kid. */
    public static String signedBy(java.nio.file.Path folder, String... groups) {
        try {
            return Jwt.issuer(ISSUER)
                    .subject("test-operator")
                    .groups(Set.of(groups))
                    .expiresIn(Duration.ofHours(1))
                    .jws().keyId(KeyPairs.kid(folder))
                    .sign(JwtKeyFiles.readPrivateKey(folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JWT the server must refuse: correct claims, signed by a key it does not trust. */
    public static String signedByStranger() {
        try {
            java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("tether-stranger-jwt");
            JwtKeyFiles.ensure(folder);
            return Jwt.issuer(ISSUER).subject("stranger").groups(Set.of(AdminRoles.OPERATOR))
                    .expiresIn(Duration.ofHours(1))
                    .sign(JwtKeyFiles.readPrivateKey(folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}

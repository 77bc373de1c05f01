package dev.tether.boot;

import dev.tether.platform.JwtKeyFiles;
import dev.tether.security.AdminRoles;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code java -jar quarkus-run.jar token --role tether-auditor [--days 7] [--subject alice]}:
 * prints one admin JWT signed with the quick start's key (the data folder's {@code jwt/}), so an
 * operator can try every role without an identity provider. Runs before and without Quarkus.
 */
final class AdminTokenCommand {

    static final String NAME = "token";
    static final List<String> ROLES = List.of(AdminRoles.OPERATOR, AdminRoles.INTEGRATION, AdminRoles.AUDITOR,
            AdminRoles.PEP);
    static final String USAGE = "usage: token --role " + String.join("|", ROLES)
            + " [--days N (1..3650, default 1)] [--subject NAME (default quick-start-<role>)]";

    private AdminTokenCommand() {
    }

    /** The exit code: 0 with the JWT on {@code out}, 2 for bad arguments, 1 when there is no key. */
    static int run(Path dataDir, String[] args, PrintStream out, PrintStream err) {
        String role = null;
        String subject = null;
        long days = 1;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--role" -> role = value;
                case "--subject" -> subject = value;
                case "--days" -> {
                    try {
                        days = value == null ? -1 : Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        days = -1;
                    }
                }
                default -> {
                    err.println(USAGE);
                    return 2;
                }
            }
            i++;
            if (value == null) {
                err.println(USAGE);
                return 2;
            }
        }
        if (role == null || !ROLES.contains(role) || days < 1 || days > 3650 || (subject != null && subject.isBlank())) {
            err.println(USAGE);
            return 2;
        }
        Path privateKey = QuickStartDemo.jwtFolder(dataDir).resolve(JwtKeyFiles.PRIVATE_KEY_FILE);
        if (!Files.exists(privateKey)) {
            err.println("No quick-start key at " + privateKey + ": start the quick start once (it makes the key),"
                    + " or set TETHER_DATA_DIR to its data folder. With your own verification key, mint tokens"
                    + " with your identity provider.");
            return 1;
        }
        try {
            out.println(Jwt.issuer(issuer())
                    .subject(subject != null ? subject : "quick-start-" + role.substring(role.indexOf('-') + 1))
                    .groups(Set.of(role))
                    .expiresIn(Duration.ofDays(days))
                    .sign(JwtKeyFiles.readPrivateKey(privateKey)));
            return 0;
        } catch (IOException e) {
            err.println("Could not read " + privateKey + ": " + e.getMessage());
            return 1;
        }
    }

    /** The issuer the server requires: MP_JWT_VERIFY_ISSUER / mp.jwt.verify.issuer, else tether. */
    private static String issuer() {
        String value = System.getenv("MP_JWT_VERIFY_ISSUER");
        if (value == null || value.isBlank()) {
            value = System.getProperty("mp.jwt.verify.issuer", "tether");
        }
        return value;
    }
}

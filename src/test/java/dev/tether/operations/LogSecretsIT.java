package dev.tether.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Scans everything the unit and Quarkus tests logged (run by failsafe, after surefire) for
 * SCIM tokens, JWTs and private keys. The quick start's one-time banner is the one place a
 * token may be printed, and is cut out before scanning.
 */
public class LogSecretsIT {

    static final Pattern SECRET = Pattern.compile(
            "tether_[A-Za-z0-9_-]{40,}"                                          // SCIM bearer token
            + "|eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}"  // signed JWT
            + "|-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----"             // PEM key
            + "|whsec_[A-Za-z0-9+/=]{16,}"                                       // webhook secret
            + "|\\b(?:tl|tlb|tcs)_[A-Za-z0-9_-]{40,}");                           // link, link binding, console session
    static final Pattern QUICK_START_BANNER = Pattern.compile(
            "Tether quick start: a demo directory was created\\..*?/admin/v1/directories/<id>/tokens\\s*\\n=+", Pattern.DOTALL);

    /** The quick start's console sign-in link, printed for the person at the keyboard. */
    static final Pattern CONSOLE_SIGN_IN_BANNER = Pattern.compile(
            "Console: open this one-time sign-in link in your browser.*?\\n\\s*\\S+/link/tl_[A-Za-z0-9_-]+", Pattern.DOTALL);

    /** What looks like a secret in this text, quick-start banner excepted; shortened so the report leaks nothing. */
    public static List<String> secretsIn(String text) {
        List<String> found = new ArrayList<>();
        String banners = CONSOLE_SIGN_IN_BANNER.matcher(text).replaceAll("<console sign-in banner>");
        Matcher m = SECRET.matcher(QUICK_START_BANNER.matcher(banners).replaceAll("<quick start banner>"));
        while (m.find()) {
            found.add(m.group().substring(0, Math.min(12, m.group().length())) + "…");
        }
        return found;
    }

    @Test
    void testRunLogsHoldNoSecret() throws IOException {
        List<Path> logs = new ArrayList<>();
        Path serverLog = Path.of("target/quarkus-test.log");
        assertTrue(Files.exists(serverLog), "the test run writes its log to " + serverLog);
        logs.add(serverLog);
        Path reports = Path.of("target/surefire-reports");
        if (Files.isDirectory(reports)) {
            try (Stream<Path> files = Files.list(reports)) {
                files.filter(f -> f.toString().endsWith(".txt") || f.toString().endsWith(".xml")).forEach(logs::add);
            }
        }
        List<String> leaks = new ArrayList<>();
        for (Path log : logs) {
            for (String secret : secretsIn(Files.readString(log, StandardCharsets.UTF_8))) {
                leaks.add(log + ": " + secret);
            }
        }
        assertEquals(List.of(), leaks);
    }

    @Test
    void recognisesWhatItLooksFor() {
        assertEquals(1, secretsIn("Bearer tether_" + "A".repeat(43)).size());
        assertEquals(1, secretsIn("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl").size());
        assertEquals(1, secretsIn("-----BEGIN PRIVATE KEY-----").size());
        assertEquals(List.of(), secretsIn("tether_scim_requests_total 3.0"));
        assertEquals(1, secretsIn("GET /link/tl_" + "C".repeat(43) + " HTTP/1.1").size());
        assertEquals(1, secretsIn("cookie tether-session=tcs_" + "D".repeat(43)).size());
        assertEquals(List.of(), secretsIn(" Console: open this one-time sign-in link in your browser (it works once, in the\n"
                + " next 60 minutes; every start prints a new one):\n http://127.0.0.1:8080/link/tl_" + "E".repeat(43) + "\n"));
        String banner = "\n Tether quick start: a demo directory was created. These secrets are shown ONCE.\n"
                + " SCIM token    : tether_" + "B".repeat(43) + "\n"
                + " -d '{\"description\":\"Entra\"}' http://x/admin/v1/directories/<id>/tokens\n=====\n";
        assertEquals(List.of(), secretsIn(banner));
    }
}

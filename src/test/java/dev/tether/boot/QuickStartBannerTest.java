package dev.tether.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartBannerTest {

    static final UUID DIRECTORY = UUID.fromString("5b7d4c1e-0000-4000-8000-000000000001");

    @Test
    void showsEverythingNeededToConnect() {
        String banner = QuickStartDemo.banner("http://127.0.0.1:8080", DIRECTORY, "http://127.0.0.1:8080/scim/v2/d1",
                "tether_secret", Optional.of("jwt.value.sig"));
        assertTrue(banner.contains("SCIM base URL : http://127.0.0.1:8080/scim/v2/d1"));
        assertTrue(banner.contains("export SCIM_TOKEN='tether_secret'"));
        assertTrue(banner.contains("export ADMIN_TOKEN='jwt.value.sig'"));
        assertTrue(banner.contains("curl -H \"Authorization: Bearer $SCIM_TOKEN\" http://127.0.0.1:8080/scim/v2/d1/Users"));
        assertTrue(banner.contains("http://127.0.0.1:8080/admin/v1/directories/" + DIRECTORY + "/tokens"));
    }

    @Test
    void printsTheConsoleSignInLinkAndHowLongItWorks() {
        String banner = QuickStartDemo.signInBanner("http://127.0.0.1:8080/link/tl_abc", java.time.Duration.ofHours(1));
        assertTrue(banner.contains(" http://127.0.0.1:8080/link/tl_abc\n"), banner);
        assertTrue(banner.contains("next 60 minutes"), banner);
    }

    /** Every command in the banner runs when pasted: no placeholder to fill in. */
    @Test
    void hasNoPlaceholders() {
        String banner = QuickStartDemo.banner("http://127.0.0.1:8080", DIRECTORY, "http://127.0.0.1:8080/scim/v2/d1",
                "tether_secret", Optional.of("jwt.value.sig"));
        assertFalse(banner.matches("(?s).*<[a-zA-Z][^>]*>.*"), banner);
    }

    @Test
    void envFileHoldsTheBannerValuesForTheOwnerOnly(@TempDir Path folder) throws Exception {
        Path file = folder.resolve(QuickStartDemo.ENV_FILE);
        QuickStartDemo.writeEnvFile(file, "http://127.0.0.1:8080", DIRECTORY, "http://127.0.0.1:8080/scim/v2/" + DIRECTORY,
                "tether_secret", Optional.of("jwt.value.sig"));
        String env = Files.readString(file);
        assertTrue(env.contains("export TETHER='http://127.0.0.1:8080'\n"));
        assertTrue(env.contains("export DIRECTORY_ID='" + DIRECTORY + "'\n"));
        assertTrue(env.contains("export SCIM_TOKEN='tether_secret'\n"));
        assertTrue(env.contains("export ADMIN_TOKEN='jwt.value.sig'\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}

package dev.tether.boot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuickStartBannerTest {

    @Test
    void showsEverythingNeededToConnect() {
        String banner = QuickStartDemo.banner("http://localhost:8080", "http://localhost:8080/scim/v2/d1",
                "tether_secret", Optional.of("jwt.value.sig"));
        assertTrue(banner.contains("SCIM base URL : http://localhost:8080/scim/v2/d1"));
        assertTrue(banner.contains("export SCIM_TOKEN='tether_secret'"));
        assertTrue(banner.contains("export ADMIN_TOKEN='jwt.value.sig'"));
        assertTrue(banner.contains("curl -H \"Authorization: Bearer $SCIM_TOKEN\" http://localhost:8080/scim/v2/d1/Users"));
        assertTrue(banner.contains("http://localhost:8080/admin/v1/directories"));
    }
}

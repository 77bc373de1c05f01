package dev.tether.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.security.AdminRoles;
import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which console roles an IdP's roles claim gives a person signing in with OpenID Connect. */
class ConsoleRolesTest {

    @Test
    void aListClaimMapsTheConfiguredValuesOnly() {
        assertEquals(List.of(AdminRoles.OPERATOR), SignInResource.consoleRoles(
                Json.createArrayBuilder().add("staff").add("tether-admins").build(), "tether-admins", "tether-auditors"));
        assertEquals(List.of(AdminRoles.OPERATOR, AdminRoles.AUDITOR), SignInResource.consoleRoles(
                List.of("tether-auditors", "tether-admins"), "tether-admins", "tether-auditors"));
    }

    @Test
    void aSingleStringClaimWorksAndNearMissesGiveNothing() {
        assertEquals(List.of(AdminRoles.AUDITOR), SignInResource.consoleRoles(Json.createValue("tether-auditors"), "tether-admins", "tether-auditors"));
        assertEquals(List.of(), SignInResource.consoleRoles("Tether-Admins", "tether-admins", "tether-auditors"));
        assertEquals(List.of(), SignInResource.consoleRoles(List.of("tether-admins-old"), "tether-admins", "tether-auditors"));
        assertEquals(List.of(), SignInResource.consoleRoles(null, "tether-admins", "tether-auditors"));
    }
}

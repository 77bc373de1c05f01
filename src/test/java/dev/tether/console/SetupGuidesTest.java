package dev.tether.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.directory.IdentityProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every IdP's instructions name the fields its console shows, and say where to paste both values. */
class SetupGuidesTest {

    private static final Map<IdentityProvider, List<String>> VENDOR_FIELDS = Map.of(
            IdentityProvider.ENTRA, List.of("Enterprise applications", "Provisioning", "Tenant URL", "Secret Token",
                    "Test Connection", "Mappings", "Scope", "Provisioning Status"),
            IdentityProvider.OKTA, List.of("Create App Integration", "Enable API integration", "SCIM connector base URL",
                    "Unique identifier field for users", "Supported provisioning actions",
                    "Authentication Mode: HTTP Header", "To App", "Push Groups"),
            IdentityProvider.GOOGLE, List.of("Auto-provisioning", "Endpoint URL", "Access token", "Attribute mapping",
                    "Provisioning scope", "Deprovisioning"),
            IdentityProvider.ONELOGIN, List.of("SCIM Base URL", "SCIM Bearer Token", "SCIM JSON Template",
                    "Enable provisioning"),
            IdentityProvider.JUMPCLOUD, List.of("Identity Management", "Base URL", "Token Key", "Test Connection",
                    "Group Management"));

    @Test
    void everyProviderHasAGuideNamingItsConsolesFields() {
        for (IdentityProvider provider : IdentityProvider.values()) {
            SetupGuides.Guide guide = SetupGuides.of(provider);
            Set<String> fields = guide.steps().stream().flatMap(s -> s.actions().stream())
                    .map(SetupGuides.Action::field).collect(Collectors.toSet());
            for (String expected : VENDOR_FIELDS.get(provider)) {
                assertTrue(fields.contains(expected), provider + " does not name " + expected + ": " + fields);
            }
        }
    }

    @Test
    void everyGuideSaysWhereToPasteTheBaseUrlAndTheTokenExactlyOnce() {
        for (SetupGuides.Guide guide : SetupGuides.ALL) {
            List<SetupGuides.Paste> pastes = guide.steps().stream().flatMap(s -> s.actions().stream())
                    .map(SetupGuides.Action::paste).filter(p -> p != null).toList();
            assertEquals(List.of(SetupGuides.Paste.BASE_URL, SetupGuides.Paste.TOKEN), pastes, guide.id());
        }
    }
}

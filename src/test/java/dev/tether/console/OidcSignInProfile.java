package dev.tether.console;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The console with OpenID Connect sign-in turned on against {@link TestOpenIdProvider}, set up
 * with exactly the settings docs/console.md tells an operator to set.
 */
public class OidcSignInProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.client-id", TestOpenIdProvider.CLIENT_ID,
                "quarkus.oidc.credentials.secret", TestOpenIdProvider.CLIENT_SECRET,
                "quarkus.oidc.authentication.scopes", "profile",
                "tether.console.oidc.roles-claim", TestOpenIdProvider.ROLES_CLAIM);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Provider.class));
    }

    /** Starts the provider for the profile's application and names it as the issuer. */
    public static class Provider implements QuarkusTestResourceLifecycleManager {

        private TestOpenIdProvider provider;

        @Override
        public Map<String, String> start() {
            provider = new TestOpenIdProvider();
            return Map.of("quarkus.oidc.auth-server-url", provider.issuer);
        }

        @Override
        public void stop() {
            if (provider != null) {
                provider.close();
            }
        }
    }
}

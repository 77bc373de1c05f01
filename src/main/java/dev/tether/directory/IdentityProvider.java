package dev.tether.directory;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The identity providers a setup link has instructions for, by the id the admin API and the page use. */
public enum IdentityProvider {
    ENTRA("entra", "Microsoft Entra ID"),
    OKTA("okta", "Okta"),
    GOOGLE("google", "Google Workspace"),
    ONELOGIN("onelogin", "OneLogin"),
    JUMPCLOUD("jumpcloud", "JumpCloud");

    public final String id;
    public final String displayName;

    IdentityProvider(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    public static Optional<IdentityProvider> of(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(p -> p.id).toList();
    }
}

package dev.tether.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The directories an admin JWT may reach. A token carrying the claim {@value #CLAIM} (an array of
 * directory ids, or one id as a string) reaches only those; a token without it reaches every
 * directory its role does. Asked before the directory is looked up, so a refused caller learns
 * nothing about whether the directory exists.
 * <p>
 * The token is read from the caller's security identity, not from an injected
 * {@code JsonWebToken}: with quarkus-oidc present (the console's sign-in), that bean is OIDC's,
 * which is empty for a token smallrye-jwt verified, and an empty token would reach everything.
 * <p>
 * Asked on every decision an enforcement point requests, so it stays off smallrye-jwt's claim
 * lookup by name, which throws (and fills a stack trace) inside for every claim the
 * MicroProfile spec does not name: presence is read from the claim names, and a token's list is
 * read once and kept by the token (a verified token is itself held for minutes).
 */
@ApplicationScoped
public class DirectoryClaim {

    public static final String CLAIM = "tether_directories";

    /** Lists kept; past this many (distinct limited tokens), the kept lists start over. */
    static final int MAX_KEPT = 10_000;

    @Inject
    SecurityIdentity identity;

    private final Map<String, Set<String>> listedByToken = new ConcurrentHashMap<>();

    /** Whether the caller may reach directory {@code rawId} as it appears in the path. */
    public boolean allows(String rawId) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || !jwt.getClaimNames().contains(CLAIM)) {
            return true;
        }
        String raw = jwt.getRawToken();
        Set<String> listed = raw == null ? listed(jwt) : listedByToken.get(raw);
        if (listed == null) {
            if (listedByToken.size() >= MAX_KEPT) {
                listedByToken.clear();
            }
            listed = listed(jwt);
            listedByToken.put(raw, listed);
        }
        return listed.contains(rawId.toLowerCase(Locale.ROOT));
    }

    private static Set<String> listed(JsonWebToken jwt) {
        Object claim = jwt.getClaim(CLAIM);
        Set<String> out = new TreeSet<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue v : array) {
                if (v instanceof JsonString s) {
                    out.add(s.getString().toLowerCase(Locale.ROOT));
                }
            }
        } else if (claim instanceof JsonString s) {
            out.add(s.getString().toLowerCase(Locale.ROOT));
        } else if (claim instanceof String s) {
            out.add(s.toLowerCase(Locale.ROOT));
        } else if (claim instanceof java.util.Collection<?> values) {
            values.forEach(v -> out.add(String.valueOf(v).toLowerCase(Locale.ROOT)));
        }
        return out;
    }
}

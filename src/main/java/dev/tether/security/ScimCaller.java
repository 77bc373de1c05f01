package dev.tether.security;

import dev.tether.directory.AuthenticatedScimToken;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is calling the SCIM API in this request: the directory its bearer token belongs to, and
 * which token. SCIM endpoints bound every query by {@link #directoryId()}, never by the path
 * alone. Only set on requests that passed {@link ScimBearerAuthentication}.
 */
@RequestScoped
public class ScimCaller {

    /** Where the filter leaves the authenticated token on the Vert.x request. */
    static final String ROUTING_KEY = ScimCaller.class.getName();
    /** Where the filter leaves the id of an existing directory whose URL was called with a wrong token. */
    static final String REFUSED_KEY = ScimCaller.class.getName() + ".refused";

    @Inject
    RoutingContext routing;

    /**
     * The directory of the token that authenticated this request, if one did. For code outside
     * request scope that sees the Vert.x request, such as metrics and log context filters.
     */
    public static Optional<UUID> authenticatedDirectory(RoutingContext routing) {
        AuthenticatedScimToken token = routing.get(ROUTING_KEY);
        return token == null ? Optional.empty() : Optional.of(token.directoryId());
    }

    /**
     * The directory of a request refused for its token although the directory exists: a wrong
     * token on a right URL, which that directory's connection health should show. Empty for
     * ids that name no directory.
     */
    public static Optional<UUID> refusedDirectory(RoutingContext routing) {
        return Optional.ofNullable(routing.get(REFUSED_KEY));
    }

    public UUID directoryId() {
        return token().directoryId();
    }

    public UUID tokenId() {
        return token().tokenId();
    }

    /** The IdP dialect rules the caller's directory has switched off, read with its token. */
    public List<String> disabledDialectRules() {
        return token().disabledDialectRules();
    }

    /** True when the caller's directory drops attributes no schema defines instead of refusing the request. */
    public boolean ignoresUnknownAttributes() {
        return token().ignoreUnknownAttributes();
    }

    /** The version of the caller's directory's own extension schemas, read with its token. */
    public long schemaVersion() {
        return token().schemaVersion();
    }

    /** The authenticated SCIM token of a request, if it passed {@link ScimBearerAuthentication}. */
    public static Optional<AuthenticatedScimToken> authenticated(RoutingContext routing) {
        return Optional.ofNullable(routing.get(ROUTING_KEY));
    }

    private AuthenticatedScimToken token() {
        AuthenticatedScimToken token = routing.get(ROUTING_KEY);
        if (token == null) {
            // A programming error, not a client one: the endpoint is outside /scim/v2/{directoryId}/.
            throw new IllegalStateException("no authenticated SCIM caller in this request");
        }
        return token;
    }
}

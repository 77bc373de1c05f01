package dev.tether.console;

import dev.tether.platform.ConsoleConfig;
import dev.tether.security.AdminRoles;
import dev.tether.security.ConsoleSessions;
import dev.tether.security.RequestCause;
import io.quarkus.oidc.AuthorizationCodeFlow;
import io.quarkus.oidc.IdToken;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Signing in and out of the console. In production the operator's IdP proves who the person is
 * (OpenID Connect code flow, on /console/sign-in/oidc only) and the claim
 * {@code tether.console.oidc.roles-claim} says whether they are an operator or an auditor; then
 * Tether keeps its own server-side session. The quick start's one-time link is opened by
 * {@link LinkEntryResource}.
 */
@Path("/console")
@BrowserPage
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    @Inject
    ConsoleSessions sessions;

    @Inject
    RequestCause cause;

    @Inject
    ConsoleConfig config;

    @Inject
    Pages pages;

    @Inject
    RoutingContext routing;

    @Inject
    SignedIn signedIn;

    /** The ID token of the sign-in, once quarkus-oidc has verified it (request-scoped). */
    @Inject
    @IdToken
    JsonWebToken idToken;

    @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false")
    boolean oidcEnabled;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance signIn(boolean oidc);
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/console/directories")).build();
    }

    @GET
    @Path("sign-in")
    public TemplateInstance signIn() {
        return Templates.signIn(oidcEnabled);
    }

    /**
     * Reached only once the IdP has signed the person in (quarkus-oidc, code flow). Someone the
     * roles claim names neither operator nor auditor gets 403 and no session.
     */
    @GET
    @Path("sign-in/oidc")
    @Authenticated
    @AuthorizationCodeFlow
    public Response afterIdp() {
        List<String> roles = consoleRoles(idToken.getClaim(config.oidc().rolesClaim()), config.oidc().operatorValue(),
                config.oidc().auditorValue());
        if (roles.isEmpty()) {
            return pages.refusal(Response.Status.FORBIDDEN, "No console role",
                    "Your identity provider signed you in, but gave you neither the operator nor the auditor role for Tether.");
        }
        Object name = idToken.getClaim(config.oidc().nameClaim());
        var started = sessions.start(idToken.getSubject(), name == null ? null : claimText(name), roles,
                ConsoleSessions.SignedInBy.OIDC, cause.get());
        return pages.proceed("Signed in", "Opening the console.", "/console/directories",
                BrowserCookies.setCookie(routing, BrowserCookies.SESSION, started.secret(), config.absoluteTimeout()),
                // the IdP's own session cookie is no longer needed: Tether's session is the one that counts
                "q_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    }

    @POST
    @Path("sign-out")
    public Response signOut() {
        sessions.end(signedIn.session(), cause.get());
        return Response.seeOther(URI.create("/console/sign-in"))
                .header("Set-Cookie", BrowserCookies.setCookie(routing, BrowserCookies.SESSION, "", Duration.ZERO))
                .build();
    }

    /** The console roles a claim value gives: a list of names or one name, matched exactly. */
    static List<String> consoleRoles(Object claim, String operatorValue, String auditorValue) {
        List<String> values = new ArrayList<>();
        if (claim instanceof JsonArray array) {
            array.forEach(v -> values.add(claimText(v)));
        } else if (claim instanceof Collection<?> collection) {
            collection.forEach(v -> values.add(claimText(v)));
        } else if (claim != null) {
            values.add(claimText(claim));
        }
        List<String> roles = new ArrayList<>();
        if (values.contains(operatorValue)) {
            roles.add(AdminRoles.OPERATOR);
        }
        if (values.contains(auditorValue)) {
            roles.add(AdminRoles.AUDITOR);
        }
        return roles;
    }

    private static String claimText(Object value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value instanceof JsonValue v) {
            return v.toString();
        }
        return String.valueOf(value);
    }
}

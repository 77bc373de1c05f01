package dev.tether.console;

import dev.tether.events.Subscription;
import dev.tether.events.SubscriptionChanges;
import dev.tether.events.SubscriptionRefusal;
import dev.tether.events.SubscriptionStore;
import dev.tether.platform.Clock;
import dev.tether.platform.PublicBaseUrl;
import dev.tether.platform.TetherConfig;
import dev.tether.security.LinkKind;
import dev.tether.security.RequestCause;
import dev.tether.security.TimeLimitedLink;
import dev.tether.security.TimeLimitedLinks;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The console's Events pages: every subscription with its status, and one subscription's page
 * (the same panel the subscriber portal draws: delivery log, replay, test event, secret) plus
 * its portal links. An auditor sees it all; the gate refuses their forms.
 */
@Path("/console/events")
@BrowserPage
@Produces(MediaType.TEXT_HTML)
public class EventPages {

    @Inject
    SignedIn signedIn;

    @Inject
    SubscriptionStore subscriptions;

    @Inject
    SubscriptionPanels panels;

    @Inject
    TimeLimitedLinks links;

    @Inject
    RequestCause cause;

    @Inject
    Pages pages;

    @Inject
    Clock clock;

    @Inject
    TetherConfig tether;

    @Context
    UriInfo uriInfo;

    @TemplateData
    public record SubscriptionRow(UUID id, String url, String format, String status, String disabledReason,
            List<String> eventTypes, String description, Instant createdAt) {
    }

    @TemplateData
    public record PortalLinkRow(UUID id, String status, Instant createdAt, Instant expiresAt, Instant firstUsedAt,
            boolean revocable) {
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance events(PageFrame frame, List<SubscriptionRow> rows);

        static native TemplateInstance eventsSubscription(PageFrame frame, SubscriptionPanel panel,
                List<PortalLinkRow> portalLinks, String newPortalLink);
    }

    @GET
    public TemplateInstance list() {
        List<SubscriptionRow> rows = subscriptions.list().stream()
                .map(s -> new SubscriptionRow(s.id(), s.url(), s.format(), s.status(), s.disabledReason(), s.eventTypes(),
                        s.description(), s.createdAt()))
                .toList();
        return Templates.events(signedIn.frame("Events", "events"), rows);
    }

    @GET
    @Path("{id}")
    public Response show(@PathParam("id") String id, @RestQuery String status, @RestQuery String type,
            @RestQuery String before, @RestQuery String notice) {
        return page(id, new SubscriptionPanels.Query(status, type, before, notice), null, null, null, Response.Status.OK);
    }

    @POST
    @Path("{id}/endpoint")
    public Response edit(@PathParam("id") String id, @RestForm String url, @RestForm List<String> eventTypes,
            @RestForm String everyType) {
        return act(id, () -> panels.edit(subscriptionId(id), url, eventTypes, "true".equals(everyType), cause.get()));
    }

    @POST
    @Path("{id}/status")
    public Response pauseOrResume(@PathParam("id") String id, @RestForm String status) {
        return act(id, () -> panels.pauseOrResume(subscriptionId(id), status, cause.get()));
    }

    @POST
    @Path("{id}/test")
    public Response test(@PathParam("id") String id) {
        return act(id, () -> panels.sendTest(subscriptionId(id), cause.get()));
    }

    @POST
    @Path("{id}/deliveries/{deliveryId}/replay")
    public Response replay(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return act(id, () -> panels.replay(subscriptionId(id), deliveryId, cause.get()));
    }

    @POST
    @Path("{id}/replay")
    public Response replaySince(@PathParam("id") String id, @RestForm String since) {
        return act(id, () -> panels.replaySince(subscriptionId(id), since, cause.get()));
    }

    @POST
    @Path("{id}/rotate-secret")
    public Response rotateSecret(@PathParam("id") String id) {
        try {
            SubscriptionChanges.Rotated rotated = panels.rotateSecret(subscriptionId(id), cause.get());
            return page(id, new SubscriptionPanels.Query(null, null, null, null), null, rotated.secret(), null,
                    Response.Status.OK);
        } catch (SubscriptionRefusal e) {
            return failed(id, e);
        }
    }

    /** A portal link for this subscription's owner, through the one link mechanism; its URL is shown once. */
    @POST
    @Path("{id}/portal-links")
    public Response createPortalLink(@PathParam("id") String id, @RestForm Long expiresIn) {
        try {
            Subscription s = panels.subscription(subscriptionId(id));
            TimeLimitedLinks.IssuedLink issued = links.issue(LinkKind.PORTAL, s.id(),
                    expiresIn == null ? null : Duration.ofSeconds(expiresIn), cause.get());
            return page(id, new SubscriptionPanels.Query(null, null, null, null), null, null, linkUrl(issued.token()),
                    Response.Status.CREATED);
        } catch (TimeLimitedLinks.LifetimeOutOfBounds e) {
            return failed(id, SubscriptionPanels.refusal("A portal link may be valid for at most " + e.max.toHours() + " hours."));
        } catch (SubscriptionRefusal e) {
            return failed(id, e);
        }
    }

    @POST
    @Path("{id}/portal-links/{linkId}/revoke")
    public Response revokePortalLink(@PathParam("id") String id, @PathParam("linkId") String linkId) {
        return act(id, () -> {
            UUID subscription = subscriptionId(id);
            UUID link;
            try {
                link = UUID.fromString(linkId);
            } catch (IllegalArgumentException e) {
                throw SubscriptionPanels.refusal("No such portal link.");
            }
            boolean ours = links.find(link)
                    .filter(l -> l.kind() == LinkKind.PORTAL && subscription.equals(l.objectId())).isPresent();
            if (!ours) {
                throw SubscriptionPanels.refusal("No such portal link.");
            }
            links.revoke(link, cause.get());
            return "link-revoked";
        });
    }

    private Response act(String id, Supplier<String> change) {
        try {
            return SubscriptionPanels.done("/console/events/" + subscriptionId(id), change.get());
        } catch (SubscriptionRefusal e) {
            return failed(id, e);
        }
    }

    private Response failed(String id, SubscriptionRefusal e) {
        return page(id, new SubscriptionPanels.Query(null, null, null, null), e.getMessage(), null, null,
                e.kind() == SubscriptionRefusal.Kind.NOT_FOUND ? Response.Status.NOT_FOUND
                        : e.kind() == SubscriptionRefusal.Kind.CONFLICT ? Response.Status.CONFLICT
                                : Response.Status.BAD_REQUEST);
    }

    private Response page(String id, SubscriptionPanels.Query query, String error, String newSecret, String newLink,
            Response.Status status) {
        Subscription s;
        try {
            s = panels.subscription(subscriptionId(id));
        } catch (SubscriptionRefusal e) {
            return pages.refusal(Response.Status.NOT_FOUND, "No such subscription", "There is no subscription " + id + ".");
        }
        PageFrame frame = signedIn.frame(s.description() == null || s.description().isBlank() ? s.url() : s.description(),
                "events");
        SubscriptionPanel panel = panels.panel(s, "/console/events/" + s.id(), frame.csrf(), frame.operator(), query,
                uriInfo.getBaseUri(), error, newSecret);
        Instant now = clock.instant();
        List<PortalLinkRow> portalLinks = links.of(LinkKind.PORTAL, s.id()).stream().map(l -> row(l, now)).toList();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.eventsSubscription(frame, panel, portalLinks, newLink).render()).build();
    }

    private static PortalLinkRow row(TimeLimitedLink l, Instant now) {
        String status = l.revokedAt() != null ? "revoked" : l.expiredAt(now) ? "expired"
                : l.firstUsedAt() != null ? "in use" : "not opened yet";
        return new PortalLinkRow(l.id(), status, l.createdAt(), l.expiresAt(), l.firstUsedAt(),
                l.revokedAt() == null && !l.expiredAt(now));
    }

    private String linkUrl(String token) {
        return PublicBaseUrl.of(tether, uriInfo.getBaseUri()) + "/link/" + token;
    }

    private static UUID subscriptionId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new SubscriptionRefusal(SubscriptionRefusal.Kind.NOT_FOUND, null, "no subscription " + id);
        }
    }
}

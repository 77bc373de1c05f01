package dev.tether.console;

import dev.tether.events.Subscription;
import dev.tether.events.SubscriptionChanges;
import dev.tether.events.SubscriptionRefusal;
import dev.tether.platform.Cause;
import dev.tether.security.LinkKind;
import dev.tether.security.RequestCause;
import dev.tether.security.TimeLimitedLink;
import io.quarkus.qute.CheckedTemplate;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The subscriber portal: what the owner of the app behind one subscription sees with only a
 * portal link ({@code /link/{token}} lands here, as {@code /portal/{linkId}}, once the link is
 * bound to their browser). The link opens this one subscription and nothing else; every change
 * goes through {@link SubscriptionPanels} and so through the admin API's own service, audited
 * with the link as actor and the subscription as target.
 */
@Path("/portal/{linkId}")
@BrowserPage
@Produces(MediaType.TEXT_HTML)
public class PortalPages {

    @Inject
    LinkVisit visit;

    @Inject
    SubscriptionPanels panels;

    @Inject
    RequestCause cause;

    @Inject
    Pages pages;

    @Context
    UriInfo uriInfo;

    @CheckedTemplate(basePath = "portal")
    static class Templates {
        static native TemplateInstance portal(String title, SubscriptionPanel panel);
    }

    /** The link behind this page, if this browser may use it now, and the CSRF token its forms carry. */
    private record Holder(TimeLimitedLink link, String csrf) {
    }

    private Optional<Holder> holder(String linkId) {
        UUID id;
        try {
            id = UUID.fromString(linkId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return visit.link(id, LinkKind.PORTAL).map(link -> new Holder(link, visit.csrf(id)));
    }

    /** Says the link cannot be used, and nothing about what it was for (or whether it exists). */
    private Response refused() {
        return pages.refusal(Response.Status.FORBIDDEN, "This link cannot be used",
                "This link has expired, was revoked, or was opened in another browser. Ask whoever sent it for a new one.");
    }

    @GET
    public Response show(@PathParam("linkId") String linkId, @RestQuery String status, @RestQuery String type,
            @RestQuery String before, @RestQuery String notice) {
        return holder(linkId).map(h -> page(h, new SubscriptionPanels.Query(status, type, before, notice), null, null,
                Response.Status.OK)).orElseGet(this::refused);
    }

    @POST
    @Path("endpoint")
    public Response edit(@PathParam("linkId") String linkId, @RestForm String url, @RestForm List<String> eventTypes,
            @RestForm String everyType) {
        return act(linkId, (h) -> panels.edit(h.link().objectId(), url, eventTypes, "true".equals(everyType), actor(h)));
    }

    @POST
    @Path("status")
    public Response pauseOrResume(@PathParam("linkId") String linkId, @RestForm String status) {
        return act(linkId, h -> panels.pauseOrResume(h.link().objectId(), status, actor(h)));
    }

    @POST
    @Path("test")
    public Response test(@PathParam("linkId") String linkId) {
        return act(linkId, h -> panels.sendTest(h.link().objectId(), actor(h)));
    }

    @POST
    @Path("deliveries/{deliveryId}/replay")
    public Response replay(@PathParam("linkId") String linkId, @PathParam("deliveryId") String deliveryId) {
        return act(linkId, h -> panels.replay(h.link().objectId(), deliveryId, actor(h)));
    }

    @POST
    @Path("replay")
    public Response replaySince(@PathParam("linkId") String linkId, @RestForm String since) {
        return act(linkId, h -> panels.replaySince(h.link().objectId(), since, actor(h)));
    }

    /** The new secret is drawn into this response only: it is not kept anywhere it could be shown again. */
    @POST
    @Path("rotate-secret")
    public Response rotateSecret(@PathParam("linkId") String linkId) {
        Optional<Holder> holder = holder(linkId);
        if (holder.isEmpty()) {
            return refused();
        }
        try {
            SubscriptionChanges.Rotated rotated = panels.rotateSecret(holder.get().link().objectId(), actor(holder.get()));
            return page(holder.get(), new SubscriptionPanels.Query(null, null, null, null), null, rotated.secret(),
                    Response.Status.OK);
        } catch (SubscriptionRefusal e) {
            return failed(holder.get(), e);
        }
    }

    private Response act(String linkId, Function<Holder, String> change) {
        Optional<Holder> holder = holder(linkId);
        if (holder.isEmpty()) {
            return refused();
        }
        try {
            return SubscriptionPanels.done(base(holder.get()), change.apply(holder.get()));
        } catch (SubscriptionRefusal e) {
            return failed(holder.get(), e);
        }
    }

    private Response failed(Holder h, SubscriptionRefusal e) {
        if (e.kind() == SubscriptionRefusal.Kind.NOT_FOUND && e.getMessage().startsWith("no subscription")) {
            return refused(); // the subscription was deleted: the link has nothing left to open
        }
        return page(h, new SubscriptionPanels.Query(null, null, null, null), e.getMessage(), null,
                e.kind() == SubscriptionRefusal.Kind.NOT_FOUND ? Response.Status.NOT_FOUND
                        : e.kind() == SubscriptionRefusal.Kind.CONFLICT ? Response.Status.CONFLICT
                                : Response.Status.BAD_REQUEST);
    }

    private Response page(Holder h, SubscriptionPanels.Query query, String error, String newSecret,
            Response.Status status) {
        Subscription s;
        try {
            s = panels.subscription(h.link().objectId());
        } catch (SubscriptionRefusal gone) {
            return refused();
        }
        SubscriptionPanel panel = panels.panel(s, base(h), h.csrf(), true, query,
                uriInfo.getBaseUri(), error, newSecret);
        String title = s.description() == null || s.description().isBlank() ? "Your webhook endpoint" : s.description();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.portal(title, panel).render()).build();
    }

    private static String base(Holder h) {
        return "/portal/" + h.link().id();
    }

    /** The link is the actor (and the subscription the target): the portal has no person to name. */
    private Cause actor(Holder h) {
        return cause.withoutCaller().actedBy(Cause.Actor.link(h.link().id()));
    }
}

package dev.tether.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.events.DeliveryLedger;
import dev.tether.events.DeliveryTargetPolicy;
import dev.tether.events.EventTypes;
import dev.tether.events.FeedCursor;
import dev.tether.events.Subscription;
import dev.tether.events.SubscriptionStore;
import dev.tether.events.SubscriptionTestEvents;
import dev.tether.platform.WebhooksConfig;
import dev.tether.security.AdminRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Operator API for event subscriptions (Standard Webhooks or SSF push) and their deliveries. */
@Path("/admin/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminRoles.OPERATOR)
public class SubscriptionAdminResource {

    static final int MAX_DESCRIPTION_LENGTH = 500;
    static final int MAX_URL_LENGTH = 2000;
    static final Set<String> FORMATS = Set.of(Subscription.STANDARD_WEBHOOKS, Subscription.SSF);
    static final Set<String> DELIVERY_STATUSES = Set.of("pending", "succeeded", "dead");

    @Inject
    SubscriptionStore subscriptions;

    @Inject
    DeliveryLedger deliveries;

    @Inject
    DeliveryTargetPolicy targets;

    @Inject
    SubscriptionTestEvents testEvents;

    @Inject
    WebhooksConfig config;

    @Inject
    dev.tether.events.DeliveryDispatcher dispatcher;

    @Context
    UriInfo uriInfo;

    public record CreateSubscription(String url, String format, List<String> eventTypes, List<UUID> directoryIds,
            String description, String audience) {
    }

    /** {@code secret} is present only in the responses of create and rotate-secret. */
    public record SubscriptionView(UUID id, String url, String format, List<String> eventTypes,
            List<UUID> directoryIds, String description, String audience, String status, String disabledReason,
            Instant createdAt, Instant updatedAt, Instant previousSecretExpiresAt, String secret) {

        static SubscriptionView of(Subscription s, String secret) {
            return new SubscriptionView(s.id(), s.url(), s.format(), s.eventTypes(), s.directoryIds(), s.description(),
                    s.audience(), s.status(), s.disabledReason(), s.createdAt(), s.updatedAt(),
                    s.previousSecretExpiresAt(), secret);
        }
    }

    @POST
    public Response create(CreateSubscription body) {
        if (body == null) {
            throw AdminProblemException.badRequest("a JSON body with \"url\" and \"format\" is required");
        }
        checkUrl(body.url());
        if (body.format() == null || !FORMATS.contains(body.format())) {
            throw AdminProblemException.badRequest("\"format\" must be \"standard-webhooks\" or \"ssf\"");
        }
        checkTypes(body.eventTypes());
        checkDescription(body.description());
        if (body.directoryIds() != null && body.directoryIds().isEmpty()) {
            throw AdminProblemException.badRequest("\"directoryIds\" may be omitted (every directory) but not empty");
        }
        SubscriptionStore.Created created = subscriptions.create(body.url(), body.format(), body.eventTypes(),
                body.directoryIds(), body.description(), body.audience());
        return Response.created(uriInfo.getAbsolutePathBuilder().path(created.subscription().id().toString()).build())
                .entity(SubscriptionView.of(created.subscription(), created.secret()))
                .build();
    }

    @GET
    public List<SubscriptionView> list() {
        return subscriptions.list().stream().map(s -> SubscriptionView.of(s, null)).toList();
    }

    @GET
    @Path("{id}")
    public SubscriptionView get(@PathParam("id") String id) {
        return SubscriptionView.of(subscriptions.find(subscriptionId(id)).orElseThrow(() -> notFound(id)), null);
    }

    /** Pause ({"status":"paused"}), resume ({"status":"active"}), change "eventTypes" (null: all), "url", "description". */
    @PATCH
    @Path("{id}")
    public SubscriptionView update(@PathParam("id") String id, ObjectNode body) {
        UUID subscription = subscriptionId(id);
        if (body == null) {
            throw AdminProblemException.badRequest("a JSON object is required");
        }
        for (String field : (Iterable<String>) body::fieldNames) {
            if (!Set.of("status", "eventTypes", "url", "description").contains(field)) {
                throw AdminProblemException.badRequest("\"" + field + "\" cannot be changed");
            }
        }
        String status = text(body, "status");
        if (status != null && !status.equals("active") && !status.equals("paused")) {
            throw AdminProblemException.badRequest("\"status\" must be \"active\" or \"paused\"");
        }
        String url = text(body, "url");
        if (url != null || body.has("url")) {
            checkUrl(url);
        }
        String description = text(body, "description");
        checkDescription(description);
        List<String> types = null;
        boolean allTypes = body.has("eventTypes") && body.get("eventTypes").isNull();
        if (body.hasNonNull("eventTypes")) {
            if (!body.get("eventTypes").isArray()) {
                throw AdminProblemException.badRequest("\"eventTypes\" must be an array of event types, or null");
            }
            types = new ArrayList<>();
            for (JsonNode t : body.get("eventTypes")) {
                types.add(t.asText());
            }
            checkTypes(types);
        }
        Subscription updated = subscriptions.update(subscription,
                new SubscriptionStore.Change(url, status, types, allTypes, description))
                .orElseThrow(() -> notFound(id));
        if ("active".equals(status)) {
            dispatcher.wake(); // deliveries held while paused go out now
        }
        return SubscriptionView.of(updated, null);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        if (!subscriptions.delete(subscriptionId(id))) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    public record RotateSecret(Long overlapSeconds) {
    }

    @POST
    @Path("{id}/rotate-secret")
    @Consumes(MediaType.WILDCARD) // the body (overlapSeconds) is optional
    public SubscriptionView rotateSecret(@PathParam("id") String id, RotateSecret body) {
        UUID subscription = subscriptionId(id);
        Subscription current = subscriptions.find(subscription).orElseThrow(() -> notFound(id));
        if (!Subscription.STANDARD_WEBHOOKS.equals(current.format())) {
            throw new AdminProblemException(Response.Status.CONFLICT,
                    "SSF subscriptions are signed with the server's SET keys (see the JWKS), not a secret");
        }
        Duration overlap = body == null || body.overlapSeconds() == null ? config.secretRotationOverlap()
                : Duration.ofSeconds(body.overlapSeconds());
        if (overlap.isNegative()) {
            throw AdminProblemException.badRequest("\"overlapSeconds\" must not be negative");
        }
        String secret = subscriptions.rotateSecret(subscription, Instant.now().plus(overlap))
                .orElseThrow(() -> notFound(id));
        return SubscriptionView.of(subscriptions.find(subscription).orElseThrow(() -> notFound(id)), secret);
    }

    @POST
    @Path("{id}/test")
    @Consumes(MediaType.WILDCARD) // no body: curl -X POST should do
    public Response test(@PathParam("id") String id) {
        UUID subscription = subscriptionId(id);
        subscriptions.find(subscription).orElseThrow(() -> notFound(id));
        UUID eventId = testEvents.send(subscription);
        return Response.accepted(Map.of("eventId", eventId)).build();
    }

    @GET
    @Path("{id}/deliveries")
    public List<DeliveryLedger.DeliveryView> deliveries(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        UUID subscription = subscriptionId(id);
        subscriptions.find(subscription).orElseThrow(() -> notFound(id));
        if (status != null && !DELIVERY_STATUSES.contains(status)) {
            throw AdminProblemException.badRequest("\"status\" must be pending, succeeded or dead");
        }
        if (limit < 1 || limit > 1000) {
            throw AdminProblemException.badRequest("\"limit\" must be between 1 and 1000");
        }
        return deliveries.list(subscription, status, limit);
    }

    @POST
    @Path("{id}/deliveries/{deliveryId}/replay")
    @Consumes(MediaType.WILDCARD)
    public Response replayDelivery(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        UUID subscription = subscriptionId(id);
        UUID delivery;
        try {
            delivery = UUID.fromString(deliveryId);
        } catch (IllegalArgumentException e) {
            throw AdminProblemException.notFound("no delivery " + deliveryId + " of this subscription");
        }
        deliveries.replay(subscription, delivery)
                .orElseThrow(() -> AdminProblemException.notFound("no delivery " + deliveryId + " of this subscription"));
        dispatcher.wake();
        return Response.accepted(Map.of("replayed", 1)).build();
    }

    public record ReplaySince(String since) {
    }

    /** {"since": a feed cursor or an RFC 3339 time}: every matching event after it is sent again, same ids. */
    @POST
    @Path("{id}/replay")
    public Response replaySince(@PathParam("id") String id, ReplaySince body) {
        UUID subscription = subscriptionId(id);
        subscriptions.find(subscription).orElseThrow(() -> notFound(id));
        if (body == null || body.since() == null || body.since().isBlank()) {
            throw AdminProblemException.badRequest("\"since\" (a feed cursor or a time) is required");
        }
        Instant time = null;
        FeedCursor cursor = null;
        try {
            time = OffsetDateTime.parse(body.since()).toInstant();
        } catch (DateTimeParseException notATime) {
            try {
                cursor = FeedCursor.parse(body.since()).orElseThrow();
            } catch (RuntimeException notACursor) {
                throw AdminProblemException.badRequest("\"since\" is neither a feed cursor nor an RFC 3339 time");
            }
        }
        int replayed = subscriptions.replaySince(subscription, cursor, time);
        dispatcher.wake();
        return Response.accepted(Map.of("replayed", replayed)).build();
    }

    @ServerExceptionMapper
    public Response frameworkError(WebApplicationException e) {
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        return status == null ? e.getResponse() : Problem.of(status, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unreadableJson(com.fasterxml.jackson.core.JacksonException e) {
        return Problem.of(Response.Status.BAD_REQUEST, "the request body is not valid JSON for this operation")
                .toResponse();
    }

    private void checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw AdminProblemException.badRequest("\"url\" is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw AdminProblemException.badRequest("\"url\" is longer than " + MAX_URL_LENGTH + " characters");
        }
        String refusal = targets.refusal(url);
        if (refusal != null) {
            throw AdminProblemException.badRequest(refusal);
        }
    }

    private static void checkTypes(List<String> types) {
        if (types == null) {
            return;
        }
        if (types.isEmpty()) {
            throw AdminProblemException.badRequest("\"eventTypes\" may be omitted (every type) but not empty");
        }
        for (String t : types) {
            if (!EventTypes.isKnown(t)) {
                throw AdminProblemException.badRequest("unknown event type " + t + "; known: " + EventTypes.ALL);
            }
        }
    }

    private static void checkDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw AdminProblemException.badRequest(
                    "\"description\" is longer than " + MAX_DESCRIPTION_LENGTH + " characters");
        }
    }

    private static String text(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static UUID subscriptionId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static AdminProblemException notFound(String id) {
        return AdminProblemException.notFound("no subscription " + id);
    }
}

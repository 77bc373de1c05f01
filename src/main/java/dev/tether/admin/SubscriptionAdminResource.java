package dev.tether.admin;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.audit.AuditEntry;
import dev.tether.audit.AuditLog;
import dev.tether.events.DeliveryLedger;
import dev.tether.events.Subscription;
import dev.tether.events.SubscriptionChanges;
import dev.tether.events.SubscriptionStore;
import dev.tether.platform.Transactions;
import dev.tether.security.AdminRoles;
import dev.tether.security.RequestCause;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Operator API for event subscriptions (Standard Webhooks or SSF push) and their deliveries.
 * A subscription is no one directory's (it may span several or name none), so every change
 * made here is recorded on the operator trail, in the change's own transaction.
 */
@Path("/admin/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminRoles.OPERATOR)
@CustomDeserialization(StrictJsonBinding.class)
public class SubscriptionAdminResource {

    static final int MAX_DESCRIPTION_LENGTH = 500;
    static final int MAX_URL_LENGTH = SubscriptionChanges.MAX_URL_LENGTH;
    static final Set<String> DELIVERY_STATUSES = Set.of("pending", "succeeded", "dead");

    @Inject
    SubscriptionStore subscriptions;

    /** Every change to an existing subscription goes through here, as the console's and the portal's do. */
    @Inject
    SubscriptionChanges changes;

    @Inject
    DeliveryLedger deliveries;

    @Inject
    AuditLog audit;

    @Inject
    RequestCause cause;

    @Inject
    Transactions transactions;

    @Inject
    ObjectMapper mapper;

    @Context
    UriInfo uriInfo;

    static final String URL_REQUIRED = SubscriptionChanges.URL_REQUIRED;
    static final String URL_TOO_LONG = SubscriptionChanges.URL_TOO_LONG;
    static final String DESCRIPTION_TOO_LONG = "\"description\" is longer than " + MAX_DESCRIPTION_LENGTH + " characters";
    static final String EVENT_TYPES_EMPTY = SubscriptionChanges.EVENT_TYPES_EMPTY;
    static final String FORMAT = "\"format\" must be \"standard-webhooks\" or \"ssf\"";

    /** Omitted {@code eventTypes}: every type; omitted {@code directoryIds}: every directory. */
    static final String AUDIENCES_EMPTY = SubscriptionChanges.AUDIENCES_EMPTY;

    static final Set<String> FORMATS = Set.of(Subscription.STANDARD_WEBHOOKS, Subscription.SSF);

    public record CreateSubscription(
            @Schema(required = true, maxLength = MAX_URL_LENGTH, pattern = "\\S")
            String url,
            @Schema(required = true, pattern = Subscription.STANDARD_WEBHOOKS + "|" + Subscription.SSF)
            String format,
            @Schema(minItems = 1)
            List<String> eventTypes,
            @Schema(minItems = 1)
            List<UUID> directoryIds,
            @Schema(maxLength = MAX_DESCRIPTION_LENGTH)
            String description,
            String audience,
            @Schema(minItems = 1)
            List<String> audiences,
            String authorizationHeader) implements BodyFaults.Checked {

        @Override
        public void check(BodyFaults faults) {
            faults.notBlank("url", url, URL_REQUIRED)
                    .atMost("url", url, MAX_URL_LENGTH, URL_TOO_LONG)
                    .required("format", format, FORMAT)
                    .oneOf("format", format, FORMATS, FORMAT)
                    .notEmpty("eventTypes", eventTypes, EVENT_TYPES_EMPTY)
                    .notEmpty("directoryIds", directoryIds, "\"directoryIds\" may be omitted (every directory) but not empty")
                    .atMost("description", description, MAX_DESCRIPTION_LENGTH, DESCRIPTION_TOO_LONG)
                    .notEmpty("audiences", audiences, AUDIENCES_EMPTY);
        }
    }

    /**
     * A partial change: an absent field stays as it is. {@code "eventTypes": null} means every
     * type again; {@code "url": null} is refused. Other fields ({@code format}, {@code directoryIds}, …)
     * cannot be changed and are refused by name.
     */
    public record SubscriptionChange(
            @Schema(pattern = "active|paused")
            String status,
            PatchField<List<String>> eventTypes,
            PatchField<String> url,
            @Schema(maxLength = MAX_DESCRIPTION_LENGTH)
            String description,
            PatchField<List<String>> audiences,
            PatchField<String> authorizationHeader,
            @JsonAnySetter @Schema(hidden = true)
            Map<String, Object> unchangeable) implements BodyFaults.Checked {

        @Override
        public void check(BodyFaults faults) {
            faults.oneOf("status", status, Set.of("active", "paused"), "\"status\" must be \"active\" or \"paused\"")
                    .atMost("description", description, MAX_DESCRIPTION_LENGTH, DESCRIPTION_TOO_LONG);
        }
    }

    /**
     * {@code secret} is present only in the responses of create and rotate-secret. An SSF
     * subscription's push Authorization header value is never shown: {@code hasAuthorizationHeader}
     * says whether its pushes carry one.
     */
    public record SubscriptionView(UUID id, String url, String format, List<String> eventTypes,
            List<UUID> directoryIds, String description, String audience, List<String> audiences, String status,
            String disabledReason,
            Instant createdAt, Instant updatedAt, Instant previousSecretExpiresAt, String secret,
            boolean hasAuthorizationHeader) {

        static SubscriptionView of(Subscription s, String secret) {
            return new SubscriptionView(s.id(), s.url(), s.format(), s.eventTypes(), s.directoryIds(), s.description(),
                    s.audience(), s.audiences(), s.status(), s.disabledReason(), s.createdAt(), s.updatedAt(),
                    s.previousSecretExpiresAt(), secret, s.hasPushAuthorization());
        }
    }

    @POST
    @APIResponse(responseCode = "201", description = "the subscription, with its signing secret (shown only here)",
            headers = @Header(name = "Location", description = "the new object's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionView.class)))
    public Response create(
            CreateSubscription body) {
        BodyFaults.require(body, "a JSON body with \"url\" and \"format\" is required");
        changes.checkTarget(body.url());
        SubscriptionChanges.checkTypes(body.eventTypes());
        SubscriptionChanges.checkPushAuthorization(body.format(), body.authorizationHeader());
        SubscriptionStore.Created created = transactions.run(() -> {
            SubscriptionStore.Created made = subscriptions.create(body.url(), body.format(), body.eventTypes(),
                    body.directoryIds(), body.description(), body.audience(), body.audiences(),
                    body.authorizationHeader());
            record(AuditEntry.operatorTrail("subscription.create").target("Subscription", made.subscription().id())
                    .detail("url", body.url())
                    .detail("format", body.format())
                    .detail("eventTypes", mapper.valueToTree(body.eventTypes()))
                    .detail("directoryIds", mapper.valueToTree(body.directoryIds()))
                    .detail("audiences", mapper.valueToTree(body.audiences()))
                    // whether there is one, never the value
                    .detail("authorizationHeader", body.authorizationHeader() == null ? "none" : "set"));
            return made;
        });
        return Response.created(uriInfo.getAbsolutePathBuilder().path(created.subscription().id().toString()).build())
                .entity(SubscriptionView.of(created.subscription(), created.secret()))
                .build();
    }

    static final Set<String> SUBSCRIPTION_STATUSES = Set.of("active", "paused", "disabled");

    /** A page of subscriptions in creation order, optionally by {@code status}; see {@link AdminPaging}. */
    @GET
    @APIResponse(responseCode = "200", description = "a page of subscriptions, oldest first (no secrets)",
            headers = @Header(name = "Link", description = "RFC 8288 rel=\"next\" link to the next page; absent on the last",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = SubscriptionView.class)))
    public Response list(@QueryParam("status") String status, @QueryParam("limit") String limit,
            @QueryParam("after") String after) {
        String wanted = status == null || status.isEmpty() ? null : status;
        if (wanted != null && !SUBSCRIPTION_STATUSES.contains(wanted)) {
            throw AdminProblemException.badParameter("status", "\"status\" must be active, paused or disabled");
        }
        int size = AdminPaging.limit(limit);
        AdminPaging.TimeKey key = AdminPaging.afterTime(after, "subscriptions");
        List<Subscription> rows = subscriptions.page(wanted, key == null ? null : key.at(), key == null ? null : key.id(),
                size + 1);
        return AdminPaging.page(uriInfo, rows, size,
                s -> AdminPaging.cursor("subscriptions", AdminPaging.TimeKey.of(s.createdAt(), s.id())),
                s -> SubscriptionView.of(s, null));
    }

    @GET
    @Path("{id}")
    public SubscriptionView get(@PathParam("id") String id) {
        return SubscriptionView.of(subscriptions.find(subscriptionId(id)).orElseThrow(() -> notFound(id)), null);
    }

    /**
     * Pause ({"status":"paused"}), resume ({"status":"active"}), change "eventTypes" (null: all), "url",
     * "description", "audiences", and for SSF "authorizationHeader" (null: pushes carry none).
     */
    @PATCH
    @Path("{id}")
    public SubscriptionView update(@PathParam("id") String id,
            SubscriptionChange body) {
        BodyFaults.require(body, "a JSON object is required");
        UUID subscription = subscriptionId(id);
        if (body.unchangeable() != null && !body.unchangeable().isEmpty()) {
            String field = body.unchangeable().keySet().iterator().next();
            throw AdminProblemException.badField("/" + Problem.token(field), "\"" + field + "\" cannot be changed");
        }
        String url = body.url() == null ? null : body.url().value();
        if (body.url() != null && url == null) {
            throw AdminProblemException.badField("/url", URL_REQUIRED);
        }
        List<String> types = body.eventTypes() == null ? null : body.eventTypes().value();
        List<String> audiences = body.audiences() == null ? null : body.audiences().value();
        String authorization = body.authorizationHeader() == null ? null : body.authorizationHeader().value();
        Subscription updated = changes.update(subscription, new SubscriptionStore.Change(url, body.status(), types,
                body.eventTypes() != null && types == null, body.description(), audiences,
                body.audiences() != null && audiences == null, authorization,
                body.authorizationHeader() != null && authorization == null), cause.get());
        return SubscriptionView.of(updated, null);
    }

    @DELETE
    @Path("{id}")
    @APIResponse(responseCode = "204", description = "deleted; pending deliveries are dropped")
    public Response delete(@PathParam("id") String id) {
        UUID subscription = subscriptionId(id);
        transactions.run(() -> {
            if (!subscriptions.delete(subscription)) {
                throw notFound(id);
            }
            record(AuditEntry.operatorTrail("subscription.delete").target("Subscription", subscription));
            return null;
        });
        return Response.noContent().build();
    }

    public record RotateSecret(@Schema(minimum = "0") Long overlapSeconds) implements BodyFaults.Checked {

        @Override
        public void check(BodyFaults faults) {
            faults.notNegative("overlapSeconds", overlapSeconds, "\"overlapSeconds\" must not be negative");
        }
    }

    @POST
    @Path("{id}/rotate-secret")
    @Consumes(MediaType.WILDCARD) // the body (overlapSeconds) is optional
    public SubscriptionView rotateSecret(@PathParam("id") String id, RotateSecret body) {
        BodyFaults.ifPresent(body);
        Duration overlap = body == null || body.overlapSeconds() == null ? null : Duration.ofSeconds(body.overlapSeconds());
        SubscriptionChanges.Rotated rotated = changes.rotateSecret(subscriptionId(id), overlap, cause.get());
        return SubscriptionView.of(rotated.subscription(), rotated.secret());
    }

    @POST
    @Path("{id}/test")
    @Consumes(MediaType.WILDCARD) // no body: curl -X POST should do
    @APIResponse(responseCode = "202", description = "a test event is queued for this subscription only",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TestEventSent.class)))
    public Response test(@PathParam("id") String id) {
        UUID eventId = changes.sendTest(subscriptionId(id), cause.get());
        return Response.accepted(new TestEventSent(eventId)).build();
    }

    @GET
    @Path("{id}/deliveries")
    @APIResponse(responseCode = "200", description = "a page of this subscription's deliveries, newest event first",
            headers = @Header(name = "Link", description = "RFC 8288 rel=\"next\" link to the next page; absent on the last",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = DeliveryLedger.DeliveryView.class)))
    public Response deliveries(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("limit") String limit, @QueryParam("after") String after) {
        UUID subscription = subscriptionId(id);
        subscriptions.find(subscription).orElseThrow(() -> notFound(id));
        String wanted = status == null || status.isEmpty() ? null : status;
        if (wanted != null && !DELIVERY_STATUSES.contains(wanted)) {
            throw AdminProblemException.badParameter("status", "\"status\" must be pending, succeeded or dead");
        }
        int size = AdminPaging.limit(limit);
        // newest event first: the key is the event's (transaction id, position)
        String[] key = AdminPaging.after(after, "deliveries", 2, k -> {
            if (!k[0].matches("[0-9]{1,20}")) {
                throw new IllegalArgumentException("not a transaction id");
            }
            Long.parseLong(k[1]);
            return k;
        }).orElse(null);
        List<DeliveryLedger.ListedDelivery> rows = deliveries.page(subscription, wanted, key == null ? null : key[0],
                key == null ? 0 : Long.parseLong(key[1]), size + 1);
        return AdminPaging.page(uriInfo, rows, size,
                d -> AdminPaging.cursor("deliveries", d.txid(), Long.toString(d.position())),
                DeliveryLedger.ListedDelivery::view);
    }

    @POST
    @Path("{id}/deliveries/{deliveryId}/replay")
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "202", description = "the delivery is queued again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Replayed.class)))
    public Response replayDelivery(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        UUID subscription = subscriptionId(id);
        UUID delivery = AdminIds.pathId(deliveryId, "no delivery " + deliveryId + " of this subscription");
        changes.replay(subscription, delivery, cause.get());
        return Response.accepted(new Replayed(1)).build();
    }

    static final String SINCE_REQUIRED = SubscriptionChanges.SINCE_REQUIRED;

    public record ReplaySince(@Schema(required = true, pattern = "\\S") String since) implements BodyFaults.Checked {

        @Override
        public void check(BodyFaults faults) {
            faults.notBlank("since", since, SINCE_REQUIRED);
        }
    }

    /** {"since": a feed cursor or an RFC 3339 time}: every matching event after it is sent again, same ids. */
    @POST
    @Path("{id}/replay")
    @APIResponse(responseCode = "202", description = "the deliveries since that time are queued again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Replayed.class)))
    public Response replaySince(@PathParam("id") String id, ReplaySince body) {
        BodyFaults.require(body, SINCE_REQUIRED);
        int replayed = changes.replaySince(subscriptionId(id), body.since(), cause.get());
        return Response.accepted(new Replayed(replayed)).build();
    }

    /** The id of the queued test event, to find its delivery in the list. */
    public record TestEventSent(UUID eventId) {
    }

    /** How many deliveries were queued again. */
    public record Replayed(int replayed) {
    }

    /** Inside the change's transaction: the record and the change commit together. */
    private void record(AuditEntry entry) {
        audit.append(entry.cause(cause.get()));
    }

    private static UUID subscriptionId(String id) {
        return AdminIds.pathId(id, "no subscription " + id);
    }

    private static AdminProblemException notFound(String id) {
        return AdminProblemException.notFound("no subscription " + id);
    }
}

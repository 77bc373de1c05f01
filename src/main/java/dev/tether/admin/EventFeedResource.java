package dev.tether.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.events.EventFeed;
import dev.tether.events.EventTypes;
import dev.tether.events.FeedCursor;
import dev.tether.events.StoredEvent;
import dev.tether.platform.EventsConfig;
import dev.tether.security.AdminRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The pull feed of a directory's events, in a commit-safe order with a cursor that never skips or repeats. */
@Path("/admin/v1/directories/{dir}/events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminRoles.OPERATOR)
public class EventFeedResource {

    @Inject
    EventFeed feed;

    @Inject
    DirectoryLookup lookup;

    @Inject
    EventsConfig config;

    public record Subject(String type, UUID id) {
    }

    public record EventView(UUID id, String type, UUID directoryId, Subject subject, long sequence, UUID txn,
            Instant occurredAt, ObjectNode data, String cursor) {

        public static EventView of(StoredEvent e) {
            return new EventView(e.id(), e.type(), e.directoryId(), new Subject(e.subjectType(), e.subjectId()),
                    e.sequence(), e.txn(), e.occurredAt(), e.data(), e.cursor().encode());
        }
    }

    /** {@code next} is the cursor to pass as {@code after} for the following page; it equals {@code after} when nothing new. */
    public record FeedPage(List<EventView> events, String next) {
    }

    @GET
    public FeedPage read(@PathParam("dir") String dir, @QueryParam("after") String after,
            @QueryParam("types") List<String> types, @QueryParam("limit") @DefaultValue("100") int limit) {
        UUID directoryId = lookup.directoryOr404(dir).id;
        if (limit < 1 || limit > config.feedMaxLimit()) {
            throw AdminProblemException.badParameter("limit", "\"limit\" must be between 1 and " + config.feedMaxLimit());
        }
        FeedCursor cursor;
        try {
            cursor = FeedCursor.parse(after).orElse(null);
        } catch (IllegalArgumentException e) {
            throw AdminProblemException.badParameter("after", "\"after\" is not a cursor this feed returned");
        }
        List<String> wanted = new ArrayList<>();
        for (String t : types == null ? List.<String>of() : types) {
            for (String one : t.split(",")) {
                if (!one.isBlank()) {
                    if (!EventTypes.isKnown(one.strip())) {
                        throw AdminProblemException.badParameter("types", "unknown event type " + one.strip());
                    }
                    wanted.add(one.strip());
                }
            }
        }
        List<EventView> events = feed.read(directoryId, cursor, wanted, limit).stream().map(EventView::of).toList();
        String next = events.isEmpty() ? (after == null || after.isBlank() ? null : after)
                : events.get(events.size() - 1).cursor();
        return new FeedPage(events, next);
    }
}

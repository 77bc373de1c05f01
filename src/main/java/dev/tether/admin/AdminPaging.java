package dev.tether.admin;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How admin lists page: {@code limit} (default 100, at most 1000) rows per page, and an opaque
 * cursor. The body stays the JSON array it always was; when there is more, the response carries
 * {@code Link: <…?after=CURSOR>; rel="next"} (RFC 8288) and no link on the last page. A cursor
 * is the base64url text of the last row's sort key and the list it came from; the stores page
 * by that key in SQL (keyset, never OFFSET), so a page costs the same however deep it is, and
 * rows added meanwhile are neither skipped nor repeated before the cursor.
 */
final class AdminPaging {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final String LIMIT = "\"limit\" must be between 1 and " + MAX_LIMIT;
    static final String AFTER = "\"after\" is not a cursor this list returned";

    private AdminPaging() {
    }

    /** The sort key of most lists: creation time, then id. */
    record TimeKey(java.time.Instant at, java.util.UUID id) {

        static TimeKey read(String[] key) {
            return new TimeKey(java.time.Instant.parse(key[0]), AdminIds.parse(key[1]).orElseThrow());
        }

        static String[] of(java.time.Instant at, java.util.UUID id) {
            return new String[] {at.toString(), id.toString()};
        }
    }

    /** A creation-time cursor: {@code after} read as a {@link TimeKey} of list {@code list}. */
    static TimeKey afterTime(String raw, String list) {
        return after(raw, list, 2, TimeKey::read).orElse(null);
    }

    /** The {@code limit} query parameter: absent is the default; not an integer, below 1 or above the maximum is a 400. */
    static int limit(String raw) {
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // refused below, with the range
        }
        throw AdminProblemException.badParameter("limit", LIMIT);
    }

    /** A cursor of list {@code list} for a row whose sort key is {@code key}. */
    static String cursor(String list, String... key) {
        String text = list + "|" + String.join("|", key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The sort key in {@code after}, read by {@code read}; empty when absent. A cursor of another
     * list, or one that is not a cursor at all, is a 400 naming {@code after}.
     */
    static <K> Optional<K> after(String raw, String list, int parts, Function<String[], K> read) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
            String[] fields = text.split("\\|", -1);
            if (fields.length != parts + 1 || !fields[0].equals(list)) {
                throw AdminProblemException.badParameter("after", AFTER);
            }
            String[] key = new String[parts];
            System.arraycopy(fields, 1, key, 0, parts);
            return Optional.of(read.apply(key));
        } catch (AdminProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AdminProblemException.badParameter("after", AFTER);
        }
    }

    /**
     * The response for {@code rows}, fetched with {@code limit + 1} so that a further row means a
     * further page: at most {@code limit} items, and the next link when there is more.
     */
    static <R> Response page(UriInfo uri, List<R> rows, int limit, Function<R, String> cursorOf,
            Function<R, ?> view) {
        List<R> items = rows.size() > limit ? rows.subList(0, limit) : rows;
        Response.ResponseBuilder response = Response.ok(items.stream().map(view).toList());
        if (rows.size() > limit) {
            String next = cursorOf.apply(items.get(items.size() - 1));
            response.header("Link", "<" + uri.getRequestUriBuilder().replaceQueryParam("after", next).build() + ">; rel=\"next\"");
        }
        return response.build();
    }
}

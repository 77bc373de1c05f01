package dev.tether.signals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.Jdbc;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates, reads, edits, pauses, resumes and deletes a directory's signal sources, and asks a
 * managed stream's transmitter for verification. A push source gets
 * an Authorization header value of 256 random bits that the transmitter must send with every
 * SET: returned once, stored as its SHA-256. Every change fires {@link SignalSourceChanged}.
 */
@ApplicationScoped
public class SignalSources {

    static final int MAX_TEXT = 2000;

    /** What an operator asks for. Null fields take their defaults. */
    public record Definition(String issuer, String configurationUrl, String jwksUri, String delivery, String audience,
            List<String> subjectMatch, Map<String, String> actions, String description, String transmitterToken) {
    }

    /** A source just made; {@code authorizationHeader} is the only time the header value is shown (null for poll). */
    public record Created(SignalSource source, String authorizationHeader) {
    }

    private static final String COLUMNS = "id, directory_id, issuer, jwks_uri, configuration_url, delivery, audience, "
            + "subject_match, actions::text, description, status, authorization_hash IS NOT NULL, stream_id, "
            + "stream_status, stream_reason, poll_url, verified_at, verification_state, last_received_at, created_at, "
            + "updated_at, stream_checked_at, stream_check_error, verification_requested_at";

    private final SignalRows rows;
    private final Transactions transactions;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final TransmitterHttp http;
    private final SourceKeys keys;
    private final Event<SignalSourceChanged> changes;
    private final TransmitterStreams streams;

    SignalSources(SignalRows rows, Transactions transactions, Clock clock, ObjectMapper mapper, TransmitterHttp http,
            SourceKeys keys, Event<SignalSourceChanged> changes, TransmitterStreams streams) {
        this.streams = streams;
        this.rows = rows;
        this.transactions = transactions;
        this.clock = clock;
        this.mapper = mapper;
        this.http = http;
        this.keys = keys;
        this.changes = changes;
    }

    /**
     * @param pushEndpoint Tether's URL for the new source (its id filled in by {@code endpointFor}),
     *                     the default audience
     * @throws SignalRefusal with a JSON Pointer to the faulty field; nothing was made
     */
    public Created create(UUID directoryId, Definition d, java.util.function.Function<UUID, String> endpointFor,
            Cause cause) {
        String delivery = d.delivery() == null ? SignalSource.PUSH : d.delivery();
        if (!delivery.equals(SignalSource.PUSH) && !delivery.equals(SignalSource.POLL)) {
            throw SignalRefusal.field("/delivery", "\"delivery\" must be \"push\" or \"poll\"");
        }
        boolean managed = d.configurationUrl() != null;
        String issuer = managed && d.issuer() == null ? null
                : required(d.issuer(), "/issuer", "\"issuer\" is required");
        if (managed) {
            required(d.configurationUrl(), "/configurationUrl", "\"configurationUrl\" may be omitted but not empty");
        } else if (delivery.equals(SignalSource.POLL)) {
            throw SignalRefusal.field("/delivery", "\"delivery\": \"poll\" needs a managed stream: give "
                    + "\"configurationUrl\", the transmitter's /.well-known/ssf-configuration");
        }
        String jwksUri = managed ? null
                : required(d.jwksUri(), "/jwksUri", "\"jwksUri\" is required without \"configurationUrl\"");
        if (jwksUri != null) {
            String refusal = http.refusal(jwksUri);
            if (refusal != null) {
                throw SignalRefusal.field("/jwksUri", refusal.replace("\"url\"", "\"jwksUri\""));
            }
        }
        if (d.transmitterToken() != null) {
            required(d.transmitterToken(), "/transmitterToken", "\"transmitterToken\" may be omitted but not empty");
        }
        List<String> match = subjectMatch(d.subjectMatch());
        Map<String, String> actions = actions(d.actions());
        if (d.description() != null && d.description().length() > 500) {
            throw SignalRefusal.field("/description", "\"description\" is longer than 500 characters");
        }
        if (d.audience() != null) {
            required(d.audience(), "/audience", "\"audience\" may be omitted (the push endpoint) but not empty");
        }
        UUID id = UUID.randomUUID();
        String endpoint = endpointFor.apply(id);
        String header = delivery.equals(SignalSource.PUSH) ? "Bearer " + randomSecret() : null;
        TransmitterStreams.Created stream = null;
        if (managed) {
            // the events this source acts on or records: what the stream asks the transmitter for
            List<String> events = new ArrayList<>(new java.util.TreeSet<>(actions.keySet()).stream()
                    .map(SignalEvents::uri).toList());
            stream = streams.create(d.configurationUrl(), issuer, delivery, endpoint, header, d.transmitterToken(), events);
            issuer = stream.issuer();
            jwksUri = stream.jwksUri();
        }
        String audience = d.audience() != null ? d.audience()
                : stream != null && stream.audience() != null ? stream.audience() : endpoint;
        OffsetDateTime now = clock.now();
        String finalIssuer = issuer;
        String finalJwksUri = jwksUri;
        TransmitterStreams.Created s = stream;
        SignalSource made = transactions.run(() -> {
            rows.update("INSERT INTO signal_sources (id, directory_id, issuer, jwks_uri, configuration_url, delivery, "
                    + "audience, subject_match, actions, description, status, authorization_hash, stream_id, poll_url, "
                    + "configuration_endpoint, verification_endpoint, status_endpoint, transmitter_token, created_at, "
                    + "updated_at, stream_checked_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?::text[], ?::jsonb, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, directoryId, finalIssuer, finalJwksUri, d.configurationUrl(), delivery, audience,
                    match.toArray(new String[0]), json(actions), d.description(), header == null ? null : sha256(header),
                    s == null ? null : s.streamId(), s == null ? null : s.pollUrl(),
                    s == null ? null : s.endpoints().configuration(), s == null ? null : s.endpoints().verification(),
                    s == null ? null : s.endpoints().status(), d.transmitterToken(), now, now,
                    // a managed stream's status is read just below: not due for the interval's check before that
                    s == null ? null : now);
            SignalSource source = findIn(directoryId, id).orElseThrow();
            changes.fire(new SignalSourceChanged(source, SignalSourceChanged.Kind.CREATED, cause));
            return source;
        });
        if (stream != null) {
            // after the commit: a transmitter may push the verification event before it answers
            verifyStream(made, stream.endpoints());
            made = find(directoryId, id).orElse(made);
        }
        return new Created(made, header);
    }

    /**
     * Asks the transmitter of a managed stream for a verification event and reads the stream's
     * status. Failures are logged and shown as the stream's state; the source stays.
     */
    private void verifyStream(SignalSource source, StreamEndpoints endpoints) {
        String state = null;
        TransmitterStreams.StreamStatus status = null;
        String error = null;
        try {
            state = streams.requestVerification(endpoints, source.streamId());
            status = streams.readStatus(endpoints, source.streamId());
        } catch (java.io.IOException | RuntimeException e) {
            error = e.getMessage();
            org.jboss.logging.Logger.getLogger(SignalSources.class).warnf("signal source %s: stream %s at %s: %s",
                    source.id(), source.streamId(), source.configurationUrl(), e.getMessage());
        }
        String requested = state;
        String reported = status == null ? null : status.status();
        String reason = status == null ? null : status.reason();
        String failed = error;
        OffsetDateTime now = clock.now();
        transactions.run(() -> rows.update("UPDATE signal_sources SET verification_requested = ?, "
                + "verification_requested_at = CASE WHEN ?::text IS NULL THEN NULL ELSE ?::timestamptz END, "
                + "stream_status = COALESCE(stream_status, ?), stream_reason = COALESCE(stream_reason, ?), "
                + "stream_checked_at = ?, stream_check_error = ? WHERE id = ?", requested, requested, now, reported,
                reason, now, failed, source.id()));
    }

    /**
     * Asks the transmitter of a managed stream for a verification event now (SSF 1.0 §8.1.4); the
     * event, when it arrives, sets {@code verifiedAt}. Empty when there is no such source.
     *
     * @throws SignalRefusal {@code conflict} for a source whose stream Tether does not manage or
     *                       that is paused (the event would be refused); {@code transmitter_failed}
     *                       when the transmitter does not take the request. Nothing is changed then.
     */
    public Optional<SignalSource> requestVerification(UUID directoryId, UUID id, Cause cause) {
        Optional<SignalSource> found = find(directoryId, id);
        if (found.isEmpty()) {
            return found;
        }
        SignalSource source = found.get();
        Optional<StreamEndpoints> managed = transactions.run(() -> endpoints(id));
        if (managed.isEmpty()) {
            throw new SignalRefusal(SignalRefusal.CONFLICT, "this source's stream is not managed by Tether (it was "
                    + "created without \"configurationUrl\"): ask the transmitter's operator for a verification event");
        }
        if (managed.get().verification() == null) {
            throw new SignalRefusal(SignalRefusal.CONFLICT,
                    "the transmitter's configuration names no verification_endpoint");
        }
        if (!SignalSource.ACTIVE.equals(source.status())) {
            throw new SignalRefusal(SignalRefusal.CONFLICT,
                    "this source is paused and would refuse the verification event: resume it first");
        }
        String state;
        try {
            state = streams.requestVerification(managed.get(), source.streamId());
        } catch (java.io.IOException | RuntimeException e) {
            throw new SignalRefusal(SignalRefusal.TRANSMITTER_FAILED,
                    "the transmitter did not take the verification request: " + e.getMessage());
        }
        return transactions.run(() -> {
            rows.update("UPDATE signal_sources SET verification_requested = ?, verification_requested_at = ? "
                    + "WHERE directory_id = ? AND id = ?", state, clock.now(), directoryId, id);
            Optional<SignalSource> requested = findIn(directoryId, id);
            requested.ifPresent(s -> changes.fire(new SignalSourceChanged(s,
                    SignalSourceChanged.Kind.VERIFICATION_REQUESTED, cause)));
            return requested;
        });
    }

    /** What PATCH may change; a null field stays as it is. {@code actions} are laid over the current ones. */
    public record Change(String status, List<String> subjectMatch, Map<String, String> actions) {
    }

    /**
     * Pauses or resumes a source and edits how subjects are matched and what each event does,
     * checked as on create, in one transaction with its audit records. Empty when there is no such source.
     *
     * @throws SignalRefusal with a JSON Pointer to the faulty field; nothing was changed
     */
    public Optional<SignalSource> change(UUID directoryId, UUID id, Change change, Cause cause) {
        if (change.status() == null && change.subjectMatch() == null && change.actions() == null) {
            throw SignalRefusal.field("", "give \"status\", \"subjectMatch\" or \"actions\"");
        }
        if (change.status() != null && !change.status().equals(SignalSource.ACTIVE)
                && !change.status().equals(SignalSource.PAUSED)) {
            throw SignalRefusal.field("/status", "\"status\" must be \"active\" or \"paused\"");
        }
        List<String> match = change.subjectMatch() == null ? null : subjectMatch(change.subjectMatch());
        Map<String, String> asked = change.actions() == null ? null : actions(change.actions());
        return transactions.run(() -> {
            List<SignalSource> locked = rows.query("SELECT " + COLUMNS + " FROM signal_sources WHERE directory_id = ? "
                    + "AND id = ? FOR UPDATE", this::source, directoryId, id);
            if (locked.isEmpty()) {
                return Optional.<SignalSource>empty();
            }
            SignalSource before = locked.get(0);
            if (match != null || asked != null) {
                Map<String, String> actions = new LinkedHashMap<>(new java.util.TreeMap<>(before.actions()));
                if (asked != null) {
                    change.actions().keySet().forEach(k -> actions.put(k, asked.get(k)));
                }
                List<String> subjectMatch = match == null ? before.subjectMatch() : match;
                rows.update("UPDATE signal_sources SET subject_match = ?::text[], actions = ?::jsonb, updated_at = ? "
                        + "WHERE id = ?", subjectMatch.toArray(new String[0]), json(actions), clock.now(), id);
                changes.fire(new SignalSourceChanged(findIn(directoryId, id).orElseThrow(),
                        SignalSourceChanged.Kind.UPDATED, cause, before));
            }
            if (change.status() != null && !change.status().equals(before.status())) {
                rows.update("UPDATE signal_sources SET status = ?, updated_at = ? WHERE id = ?", change.status(),
                        clock.now(), id);
                changes.fire(new SignalSourceChanged(findIn(directoryId, id).orElseThrow(),
                        change.status().equals(SignalSource.PAUSED) ? SignalSourceChanged.Kind.PAUSED
                                : SignalSourceChanged.Kind.RESUMED, cause));
            }
            return findIn(directoryId, id);
        });
    }

    /** A managed stream's endpoints and token; empty for a source configured by hand. */
    Optional<StreamEndpoints> endpoints(UUID sourceId) throws SQLException {
        return rows.query("SELECT configuration_endpoint, verification_endpoint, status_endpoint, transmitter_token "
                + "FROM signal_sources WHERE id = ? AND configuration_endpoint IS NOT NULL",
                rs -> new StreamEndpoints(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), sourceId)
                .stream().findFirst();
    }

    /** The active poll sources, for the poller. */
    List<SignalSource> activePollSources() throws SQLException {
        return rows.query("SELECT " + COLUMNS + " FROM signal_sources WHERE delivery = 'poll' AND status = 'active' "
                + "AND poll_url IS NOT NULL ORDER BY created_at, id", this::source);
    }

    public Optional<SignalSource> find(UUID directoryId, UUID id) {
        return transactions.run(() -> findIn(directoryId, id));
    }

    /** Any directory's source, for the push endpoint, which knows only the source id. */
    Optional<SignalSource> findAny(UUID id) throws SQLException {
        return rows.query("SELECT " + COLUMNS + " FROM signal_sources WHERE id = ?", this::source, id).stream().findFirst();
    }

    /** Checks a pushed Authorization header against the stored hash, in constant time. */
    boolean authorizes(UUID sourceId, String header) throws SQLException {
        List<String> hashes = rows.query("SELECT authorization_hash FROM signal_sources WHERE id = ?",
                rs -> rs.getString(1), sourceId);
        if (hashes.isEmpty() || hashes.get(0) == null || header == null) {
            return false;
        }
        return MessageDigest.isEqual(hashes.get(0).getBytes(StandardCharsets.US_ASCII),
                sha256(header.strip()).getBytes(StandardCharsets.US_ASCII));
    }

    /** Up to {@code limit} sources in creation order after ({@code afterCreatedAt}, {@code afterId}); both null: from the first. */
    public List<SignalSource> list(UUID directoryId, OffsetDateTime afterCreatedAt, UUID afterId, int limit) {
        return transactions.run(() -> rows.query("SELECT " + COLUMNS + " FROM signal_sources WHERE directory_id = ? "
                + "AND (?::timestamptz IS NULL OR (created_at, id) > (?::timestamptz, ?::uuid)) "
                + "ORDER BY created_at, id LIMIT ?", this::source, directoryId, afterCreatedAt, afterCreatedAt, afterId,
                limit));
    }

    /** Deletes a source and its record of received jtis; false when there is no such source. */
    public boolean delete(UUID directoryId, UUID id, Cause cause) {
        Optional<StreamEndpoints> managed = transactions.run(() -> endpoints(id));
        Optional<SignalSource> gone = transactions.run(() -> {
            Optional<SignalSource> source = findIn(directoryId, id);
            if (source.isEmpty()) {
                return Optional.<SignalSource>empty();
            }
            rows.update("DELETE FROM signal_sources WHERE directory_id = ? AND id = ?", directoryId, id);
            changes.fire(new SignalSourceChanged(source.get(), SignalSourceChanged.Kind.DELETED, cause));
            return source;
        });
        keys.forget(id);
        if (gone.isPresent() && managed.isPresent()) {
            try {
                streams.delete(managed.get(), gone.get().streamId());
            } catch (java.io.IOException | RuntimeException e) {
                org.jboss.logging.Logger.getLogger(SignalSources.class).warnf(
                        "signal source %s deleted, but its stream %s could not be deleted at the transmitter: %s",
                        id, gone.get().streamId(), e.getMessage());
            }
        }
        return gone.isPresent();
    }

    private Optional<SignalSource> findIn(UUID directoryId, UUID id) throws SQLException {
        return rows.query("SELECT " + COLUMNS + " FROM signal_sources WHERE directory_id = ? AND id = ?", this::source,
                directoryId, id).stream().findFirst();
    }

    private SignalSource source(ResultSet rs) throws SQLException {
        Map<String, String> actions;
        try {
            actions = mapper.readValue(rs.getString(9), new TypeReference<LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new SQLException("stored actions are not JSON", e);
        }
        return new SignalSource(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), Jdbc.texts(rs.getArray(8)), actions,
                rs.getString(10), rs.getString(11), rs.getBoolean(12), rs.getString(13), rs.getString(14),
                rs.getString(15), rs.getString(16), rs.getObject(17, OffsetDateTime.class), rs.getString(18),
                rs.getObject(19, OffsetDateTime.class), rs.getObject(20, OffsetDateTime.class),
                rs.getObject(21, OffsetDateTime.class), rs.getObject(22, OffsetDateTime.class), rs.getString(23),
                rs.getObject(24, OffsetDateTime.class));
    }

    private static String required(String value, String pointer, String detail) {
        if (value == null || value.isBlank()) {
            throw SignalRefusal.field(pointer, detail);
        }
        if (value.length() > MAX_TEXT) {
            throw SignalRefusal.field(pointer, pointer.substring(1) + " is longer than " + MAX_TEXT + " characters");
        }
        return value;
    }

    private static List<String> subjectMatch(List<String> asked) {
        if (asked == null) {
            return SubjectResolution.DEFAULT_MATCH;
        }
        if (asked.isEmpty()) {
            throw SignalRefusal.field("/subjectMatch", "\"subjectMatch\" may be omitted but not empty");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            String m = asked.get(i);
            if (m == null || !SubjectResolution.MATCHES.containsKey(m)) {
                throw SignalRefusal.field("/subjectMatch/" + i, "\"subjectMatch\" holds email, userName or externalId");
            }
            if (!out.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    private static Map<String, String> actions(Map<String, String> asked) {
        Map<String, String> out = new LinkedHashMap<>(new java.util.TreeMap<>(SignalEvents.DEFAULT_ACTIONS));
        if (asked == null) {
            return out;
        }
        for (Map.Entry<String, String> e : asked.entrySet()) {
            String pointer = "/actions/" + e.getKey().replace("~", "~0").replace("/", "~1");
            if (!SignalEvents.DEFAULT_ACTIONS.containsKey(e.getKey())) {
                throw SignalRefusal.field(pointer, "\"" + e.getKey() + "\" is not an event this receiver knows; known: "
                        + new java.util.TreeSet<>(SignalEvents.DEFAULT_ACTIONS.keySet()));
            }
            if (e.getValue() == null || !SignalEvents.ACTIONS.contains(e.getValue())) {
                throw SignalRefusal.field(pointer, "an action is \"revoke\", \"hold\" or \"record\"");
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 256 random bits, base64url: the Authorization header value a transmitter sends. */
    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "tss_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

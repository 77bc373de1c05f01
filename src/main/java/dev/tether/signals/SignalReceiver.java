package dev.tether.signals;

import dev.tether.lineage.CascadeRevocation;
import dev.tether.lineage.RevocationReason;
import dev.tether.lineage.UserHolds;
import dev.tether.platform.Cause;
import dev.tether.platform.Clock;
import dev.tether.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Receives one Security Event Token and acts on it. Everything before the transaction only reads
 * (the source, its keys): a refused SET changes nothing. In one transaction: the jti is recorded
 * (a replay finds it and has no second effect), the SET is recorded on the audit trail, and each
 * event runs its action on the user its subject names: {@code revoke} runs the leaver cascade
 * (reason {@code signal:<event>}) and puts the user on hold, {@code hold} only holds, {@code record}
 * does nothing more. Verification and stream-updated events update the source.
 *
 * <p>The txn every fact of one SET shares is the SET's {@code jti} when that is a UUID, else a
 * UUID derived from issuer and jti (name-based, so the same SET always maps to the same txn): the
 * revocations Tether sends on carry it, and a downstream app can follow one signal end to end.
 */
@ApplicationScoped
public class SignalReceiver {

    private static final Logger LOG = Logger.getLogger(SignalReceiver.class);
    public static final String MEDIA_TYPE = "application/secevent+jwt";

    /** What became of an accepted SET. */
    public record Accepted(String jti, UUID txn, boolean replay, UUID userId) {
    }

    private final SignalSources sources;
    private final SetVerification verification;
    private final SignalRows rows;
    private final Transactions transactions;
    private final CascadeRevocation cascade;
    private final UserHolds holds;
    private final Clock clock;
    private final Event<SignalReceived> received;

    SignalReceiver(SignalSources sources, SetVerification verification, SignalRows rows, Transactions transactions,
            CascadeRevocation cascade, UserHolds holds, Clock clock, Event<SignalReceived> received) {
        this.sources = sources;
        this.verification = verification;
        this.rows = rows;
        this.transactions = transactions;
        this.cascade = cascade;
        this.holds = holds;
        this.clock = clock;
        this.received = received;
    }

    /**
     * An RFC 8935 push to source {@code sourceId}.
     *
     * @param request the edge's cause for the HTTP request (request id, method, path); its actor
     *                and txn are replaced by the source and the SET's
     * @throws SignalRefusal with the RFC 8935 error code; nothing was changed
     */
    public Accepted push(UUID sourceId, String authorization, String contentType, byte[] body, Cause request) {
        SignalSource source = transactions.run(() -> {
            Optional<SignalSource> found = sourceId == null ? Optional.empty() : sources.findAny(sourceId);
            // an unknown source and a wrong header get the same answer: no hint of which sources exist
            if (found.isEmpty() || !SignalSource.PUSH.equals(found.get().delivery())
                    || !sources.authorizes(sourceId, authorization)) {
                throw new SignalRefusal(SignalRefusal.AUTHENTICATION_FAILED,
                        "the Authorization header is not the one this push endpoint was given");
            }
            return found.get();
        });
        if (!SignalSource.ACTIVE.equals(source.status())) {
            throw new SignalRefusal(SignalRefusal.ACCESS_DENIED, "this signal source is paused");
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).strip().startsWith(MEDIA_TYPE)) {
            throw new SignalRefusal(SignalRefusal.INVALID_REQUEST, "Content-Type must be " + MEDIA_TYPE);
        }
        VerifiedSet set = verification.verify(source, new String(body, StandardCharsets.UTF_8));
        return accept(source, set, request);
    }

    Accepted accept(SignalSource source, VerifiedSet set, Cause request) {
        UUID txn = txnOf(set.issuer(), set.jti());
        Cause cause = new Cause(Cause.Actor.signalSource(source.id()), request.requestId(), request.method(),
                request.path(), txn);
        Accepted accepted = transactions.run(() -> {
            // the source as this transaction holds it (a key-share lock: a delete waits for this
            // commit, concurrent pushes do not wait for each other): deleted or paused since it
            // was looked up, the SET is refused as it would have been then
            String status = rows.query("SELECT status FROM signal_sources WHERE id = ? FOR KEY SHARE",
                    rs -> rs.getString(1), source.id()).stream().findFirst().orElse(null);
            if (status == null) {
                throw new SignalRefusal(SignalRefusal.AUTHENTICATION_FAILED,
                        "the Authorization header is not the one this push endpoint was given");
            }
            if (!SignalSource.ACTIVE.equals(status)) {
                throw new SignalRefusal(SignalRefusal.ACCESS_DENIED, "this signal source is paused");
            }
            int fresh = rows.update("INSERT INTO signal_receipts (source_id, jti, received_at) VALUES (?, ?, ?) "
                    + "ON CONFLICT DO NOTHING", source.id(), set.jti(), clock.now());
            if (fresh == 0) {
                return new Accepted(set.jti(), txn, true, null);
            }
            return act(source, set, cause);
        });
        LOG.infof("signal %s from source %s (%s): %s", set.jti(), source.id(), set.issuer(),
                accepted.replay() ? "replay, no effect" : "accepted, user " + accepted.userId());
        return accepted;
    }

    private Accepted act(SignalSource source, VerifiedSet set, Cause cause) throws SQLException {
        rows.update("UPDATE signal_sources SET last_received_at = ? WHERE id = ?", clock.now(), source.id());
        Map<String, Object> subject = null;
        UUID user = null;
        Map<String, String> actions = new LinkedHashMap<>();
        Map<String, UUID> users = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : set.events().entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> payload = (Map<String, Object>) e.getValue();
            String type = e.getKey();
            if (type.equals(SignalEvents.VERIFICATION)) {
                Object state = payload.get("state");
                rows.update("UPDATE signal_sources SET verified_at = ?, verification_state = ? WHERE id = ?",
                        clock.now(), state instanceof String s ? s : null, source.id());
                actions.put(type, "verification");
                continue;
            }
            if (type.equals(SignalEvents.STREAM_UPDATED)) {
                Object status = payload.get("status");
                Object reason = payload.get("reason");
                if (status instanceof String s && (s.equals("enabled") || s.equals("paused") || s.equals("disabled"))) {
                    rows.update("UPDATE signal_sources SET stream_status = ?, stream_reason = ?, updated_at = ? "
                            + "WHERE id = ?", s, reason instanceof String r ? r : null, clock.now(), source.id());
                }
                actions.put(type, "stream-updated");
                continue;
            }
            Optional<String> name = SignalEvents.subjectEventName(type);
            if (name.isEmpty()) {
                actions.put(type, "unknown");
                continue;
            }
            Map<String, Object> eventSubject = SubjectResolution.subjectOf(set.claims(), payload);
            subject = subject == null ? eventSubject : subject;
            Optional<UUID> resolved = SubjectResolution.resolve(rows, source.directoryId(), source.subjectMatch(),
                    eventSubject);
            String action = source.actions().getOrDefault(name.get(), SignalEvents.RECORD);
            if (resolved.isEmpty()) {
                actions.put(type, "unknown-subject");
                continue;
            }
            user = user == null ? resolved.get() : user;
            users.put(type, resolved.get());
            actions.put(type, action);
        }
        // the SET's own record first, then what it sets off, all under one txn
        received.fire(new SignalReceived(source.directoryId(), source.id(), set.issuer(), set.jti(), set.raw(),
                subject, user, actions, cause));
        for (Map.Entry<String, String> e : actions.entrySet()) {
            String action = e.getValue();
            if (!action.equals(SignalEvents.REVOKE) && !action.equals(SignalEvents.HOLD)) {
                continue;
            }
            String name = SignalEvents.subjectEventName(e.getKey()).orElseThrow();
            RevocationReason reason = RevocationReason.signal(name);
            UUID target = users.get(e.getKey());
            holds.place(source.directoryId(), target, reason.code(), set.issuer(), set.jti(), source.id(), cause);
            if (action.equals(SignalEvents.REVOKE)) {
                cascade.revokeFromUser(source.directoryId(), target, reason, cause);
            }
        }
        return new Accepted(set.jti(), cause.txn(), false, user);
    }

    /** The txn of a SET's facts: its jti when that is a UUID, else a UUID named by issuer and jti. */
    static UUID txnOf(String issuer, String jti) {
        if (jti.length() == 36) {
            try {
                return UUID.fromString(jti);
            } catch (IllegalArgumentException notAUuid) {
                // fall through to the name-based id
            }
        }
        return UUID.nameUUIDFromBytes((issuer + "\n" + jti).getBytes(StandardCharsets.UTF_8));
    }
}

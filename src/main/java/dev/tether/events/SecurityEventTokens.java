package dev.tether.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.EventsConfig;
import dev.tether.platform.TetherConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Builds the SET (RFC 8417) for one event: {@code jti} is the event id, one event in
 * {@code events}, the subject as an RFC 9493 {@code sub_id}. Leavers map to RISC
 * account-disabled, delegations and credentials to CAEP; the mapping table is in README.
 */
@ApplicationScoped
public class SecurityEventTokens {

    public static final String MEDIA_TYPE = "application/secevent+jwt";
    static final String TYP = "secevent+jwt";
    static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
    static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
    static final String SSF_VERIFICATION = "https://schemas.openid.net/secevent/ssf/event-type/verification";
    /** Tether's own event type URIs for facts with no CAEP/RISC counterpart: this prefix + the type. */
    static final String TETHER = "https://tether.dev/secevent/event-type/";

    private final SetSigningKeys keys;
    private final ObjectMapper mapper;
    private final EventsConfig events;
    private final TetherConfig tether;

    public SecurityEventTokens(SetSigningKeys keys, ObjectMapper mapper, EventsConfig events, TetherConfig tether) {
        this.keys = keys;
        this.mapper = mapper;
        this.events = events;
        this.tether = tether;
    }

    /** The `iss` of every SET and the `issuer` of the transmitter metadata. */
    public String issuer() {
        return events.ssf().issuer().or(tether::publicBaseUrl).map(SecurityEventTokens::trimSlash)
                .orElse("urn:tether");
    }

    public String sign(StoredEvent e, String audience) {
        ObjectNode claims = mapper.createObjectNode();
        claims.put("iss", issuer());
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("jti", e.id().toString());
        claims.put("aud", audience);
        claims.put("txn", e.txn().toString());
        claims.set("sub_id", subjectId(e));
        claims.putObject("events").set(eventTypeUri(e.type()), payload(e));
        return keys.sign(claims, TYP);
    }

    static String eventTypeUri(String type) {
        switch (type) {
            case EventTypes.USER_DEACTIVATED:
            case EventTypes.USER_DELETED:
                return RISC + "account-disabled";
            case EventTypes.USER_REACTIVATED:
                return RISC + "account-enabled";
            case EventTypes.DELEGATION_CREATED:
                return CAEP + "session-established";
            case EventTypes.DELEGATION_REVOKED:
                return CAEP + "session-revoked";
            case EventTypes.CREDENTIAL_REGISTERED:
            case EventTypes.CREDENTIAL_REVOKED:
                return CAEP + "credential-change";
            case EventTypes.TEST:
                return SSF_VERIFICATION;
            default:
                return TETHER + type;
        }
    }

    private ObjectNode payload(StoredEvent e) {
        long at = e.occurredAt().getEpochSecond();
        switch (e.type()) {
            case EventTypes.USER_DEACTIVATED:
            case EventTypes.USER_DELETED:
            case EventTypes.USER_REACTIVATED:
                return mapper.createObjectNode();
            case EventTypes.DELEGATION_REVOKED: {
                ObjectNode p = mapper.createObjectNode().put("event_timestamp", at).put("initiating_entity", "policy");
                reason(e, p);
                return p;
            }
            case EventTypes.DELEGATION_CREATED:
                return mapper.createObjectNode().put("event_timestamp", at);
            case EventTypes.CREDENTIAL_REGISTERED:
                return mapper.createObjectNode()
                        .put("credential_type", credentialType(e))
                        .put("change_type", "create")
                        .put("event_timestamp", at);
            case EventTypes.CREDENTIAL_REVOKED: {
                ObjectNode p = mapper.createObjectNode()
                        .put("credential_type", credentialType(e))
                        .put("change_type", "revoke")
                        .put("event_timestamp", at)
                        .put("initiating_entity", "policy");
                reason(e, p);
                return p;
            }
            case EventTypes.TEST:
                return mapper.createObjectNode().put("state", e.id().toString());
            default: {
                ObjectNode p = e.data().deepCopy();
                p.put("event_timestamp", at);
                p.put("sequence", e.sequence());
                return p;
            }
        }
    }

    /** CAEP names no kind for API keys, client ids or tokens: a certificate is x509, the rest app. */
    static String credentialType(StoredEvent e) {
        return "certificate".equals(e.data().path("credential").path("kind").asText(null)) ? "x509" : "app";
    }

    private static void reason(StoredEvent e, ObjectNode payload) {
        JsonNode reason = e.data().path("reason");
        if (reason.isTextual()) {
            payload.putObject("reason_admin").put("en", reason.asText());
        }
    }

    /** RFC 9493 complex identifier: the subject under its member name, and the directory as tenant. */
    private ObjectNode subjectId(StoredEvent e) {
        ObjectNode sub = mapper.createObjectNode().put("format", "complex");
        String member;
        switch (e.subjectType()) {
            case "Group":
                member = "group";
                break;
            case "Delegation":
                member = "session";
                break;
            case "Subscription":
                member = "application";
                break;
            default: // User, Agent, Credential
                member = "user";
        }
        sub.putObject(member).put("format", "opaque").put("id", e.subjectId().toString());
        if (e.directoryId() != null) {
            sub.putObject("tenant").put("format", "opaque").put("id", e.directoryId().toString());
        }
        return sub;
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}

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
 * account-disabled, delegations and credentials to CAEP; the mapping table is in docs/events.md.
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
    /**
     * The SET claim (a collision-resistant name, RFC 7519 §4.2) carrying Tether's ids and the
     * lineage by name: what the subject is, the agent, the root user, the chain and the credential.
     */
    public static final String TETHER_CLAIM = "https://tether.dev/secevent/lineage";

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
        claims.set(TETHER_CLAIM, lineage(e));
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
            case EventTypes.CREDENTIAL_REGISTERED: {
                ObjectNode p = mapper.createObjectNode()
                        .put("credential_type", credentialType(e))
                        .put("change_type", "create")
                        .put("event_timestamp", at);
                friendlyName(e, p);
                return p;
            }
            case EventTypes.CREDENTIAL_REVOKED: {
                ObjectNode p = mapper.createObjectNode()
                        .put("credential_type", credentialType(e))
                        .put("change_type", "revoke")
                        .put("event_timestamp", at)
                        .put("initiating_entity", "policy");
                friendlyName(e, p);
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

    /** CAEP's {@code friendly_name}: the app's own name for the credential, its externalId. */
    private static void friendlyName(StoredEvent e, ObjectNode payload) {
        JsonNode externalId = e.data().path("credential").path("externalId");
        if (externalId.isTextual()) {
            payload.put("friendly_name", externalId.asText());
        }
    }

    /**
     * RFC 9493 complex identifier, the directory as tenant. A credential's subject is the agent
     * that held it (under {@code user}: CAEP names the principal whose credential changed); a
     * delegation is a {@code session} whose {@code user} is the delegator; a user is a
     * {@code user}, a group a {@code group}; a review item is the {@code session} of the
     * delegation under review, with its delegator as {@code user}. Whether a {@code user} is a person or an agent is
     * said by {@link #TETHER_CLAIM}'s {@code userType}.
     */
    private ObjectNode subjectId(StoredEvent e) {
        ObjectNode sub = mapper.createObjectNode().put("format", "complex");
        JsonNode data = e.data();
        switch (e.subjectType()) {
            case "Group" -> opaque(sub, "group", e.subjectId().toString());
            case "Subscription" -> opaque(sub, "application", e.subjectId().toString());
            case "Delegation" -> {
                opaque(sub, "session", e.subjectId().toString());
                String delegator = data.at("/delegation/delegator/id").asText(null);
                if (delegator != null) {
                    opaque(sub, "user", delegator);
                }
            }
            case "Credential" -> opaque(sub, "user", data.at("/chain/agentId").asText(e.subjectId().toString()));
            // a review is of a delegation: the session under review, its delegator the user
            case "ReviewItem" -> {
                opaque(sub, "session", data.at("/delegation/id").asText(e.subjectId().toString()));
                String delegator = data.at("/delegation/delegator/id").asText(null);
                if (delegator != null) {
                    opaque(sub, "user", delegator);
                }
            }
            default -> opaque(sub, "user", e.subjectId().toString()); // User, Agent
        }
        if (e.directoryId() != null) {
            opaque(sub, "tenant", e.directoryId().toString());
        }
        return sub;
    }

    private static void opaque(ObjectNode sub, String member, String id) {
        sub.putObject(member).put("format", "opaque").put("id", id);
    }

    /** "User" or "Agent": what the {@code sub_id}'s {@code user} member names, when it names one. */
    private static String userType(StoredEvent e) {
        return switch (e.subjectType()) {
            case "User" -> "User";
            case "Agent", "Credential" -> "Agent";
            case "Delegation" -> e.data().at("/delegation/delegator/type").asText(null);
            default -> null;
        };
    }

    /**
     * Tether's ids and names for the subject: the event type and subject, the sequence, and for
     * lineage events the chain, agent, root user, delegations, credential (kind, externalId,
     * audience, fingerprint) or delegation exactly as the event data carries them.
     */
    private ObjectNode lineage(StoredEvent e) {
        ObjectNode n = mapper.createObjectNode();
        n.put("eventType", e.type());
        n.put("subjectType", e.subjectType());
        n.put("subjectId", e.subjectId().toString());
        n.put("sequence", e.sequence());
        String userType = userType(e);
        if (userType != null) {
            n.put("userType", userType);
        }
        if (e.type().startsWith("agent.") || e.type().startsWith("delegation.") || e.type().startsWith("credential.")) {
            for (String field : LINEAGE_FIELDS) {
                JsonNode value = e.data().get(field);
                if (value != null) {
                    n.set(field, value.deepCopy());
                }
            }
            if (e.type().startsWith("agent.")) {
                // the agent by its handle, not its whole document
                JsonNode agent = e.data().path("agent");
                ObjectNode handle = n.putObject("agent").put("id", agent.path("id").asText());
                if (agent.hasNonNull("name")) {
                    handle.put("name", agent.path("name").asText());
                }
                if (agent.hasNonNull("externalId")) {
                    handle.put("externalId", agent.path("externalId").asText());
                }
            }
        }
        return n;
    }

    private static final java.util.List<String> LINEAGE_FIELDS = java.util.List.of("reason", "chain", "agent",
            "rootUser", "delegations", "credential", "delegation");

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}

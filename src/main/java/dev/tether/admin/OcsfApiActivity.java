package dev.tether.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.authz.ActionTrail;
import dev.tether.authz.RecordedAction;

/**
 * An action of the trail as an OCSF 1.3.0 event of class API Activity (6003, category
 * Application Activity): an agent called an app's API, and the app reported it. The class fits
 * what Tether knows of an action (who, which operation, on which resource, with what outcome),
 * where Authorize Session (3003) describes privileges given to a new session, which an action
 * is not. The root human is {@code actor.user}, the agent the calling application
 * ({@code actor.app_uid}, {@code actor.app_name}, which replace the deprecated
 * {@code actor.invoked_by} since 1.2.0) and the source endpoint, the delegation the session it
 * acted in and the credential that session's {@code credential_uid}; OCSF 1.3.0 has no field for
 * a delegation chain, so the chain with each link's state goes to {@code unmapped}.
 * docs/actions.md lists every field.
 */
final class OcsfApiActivity {

    static final String OCSF_VERSION = "1.3.0";
    static final int CLASS_UID = 6003;
    static final int CATEGORY_UID = 6;
    /** The action names are the apps' own (scopes), not create/read/update/delete. */
    static final int ACTIVITY_OTHER = 99;

    private OcsfApiActivity() {
    }

    static ObjectNode of(ObjectMapper mapper, RecordedAction a, ActionTrail.Names names) {
        ObjectNode e = mapper.createObjectNode();
        e.put("class_uid", CLASS_UID);
        e.put("class_name", "API Activity");
        e.put("category_uid", CATEGORY_UID);
        e.put("category_name", "Application Activity");
        e.put("activity_id", ACTIVITY_OTHER);
        e.put("activity_name", a.action());
        e.put("type_uid", CLASS_UID * 100 + ACTIVITY_OTHER);
        e.put("type_name", "API Activity: Other");
        e.put("time", a.occurredAt().toInstant().toEpochMilli());
        // an action done with a credential or under a link already revoked is the incident this trail exists for
        e.put("severity_id", a.afterRevocation() ? 4 : 1);
        e.put("severity", a.afterRevocation() ? "High" : "Informational");
        boolean success = a.outcome().equals("success");
        e.put("status_id", success ? 1 : 2);
        e.put("status", success ? "Success" : "Failure");
        e.put("status_code", a.outcome());
        String agentName = names.agents().get(a.agentId());
        e.put("message", (agentName != null ? agentName : a.agentId().toString()) + " " + a.action() + " "
                + a.targetType() + "/" + a.targetId() + ": " + a.outcome());

        ObjectNode metadata = e.putObject("metadata");
        metadata.put("version", OCSF_VERSION);
        metadata.putObject("product").put("name", "Tether").put("vendor_name", "Tether")
                .putObject("feature").put("name", "action trail");
        metadata.put("uid", a.id().toString());
        metadata.put("tenant_uid", a.directoryId().toString());
        metadata.put("logged_time", a.recordedAt().toInstant().toEpochMilli());
        if (a.auditPosition() != null) {
            metadata.put("sequence", a.auditPosition());
        }
        if (a.decisionId() != null) {
            metadata.put("correlation_uid", a.decisionId());
        }

        ObjectNode actor = e.putObject("actor");
        if (a.rootUserId() != null) {
            ObjectNode user = actor.putObject("user").put("uid", a.rootUserId().toString());
            String userName = names.users().get(a.rootUserId());
            if (userName != null) {
                user.put("name", userName);
            }
            user.put("type_id", 1).put("type", "User");
        }
        actor.put("app_uid", a.agentId().toString());
        if (agentName != null) {
            actor.put("app_name", agentName);
        }
        JsonNode credential = a.binding().path("credential");
        if (a.delegationId() != null || credential.isObject()) {
            ObjectNode session = actor.putObject("session");
            if (a.delegationId() != null) {
                session.put("uid", a.delegationId().toString());
            }
            if (credential.isObject()) {
                session.put("credential_uid", credential.path("externalId").asText());
            }
        }

        ObjectNode api = e.putObject("api").put("operation", a.action());
        String audience = audience(a);
        if (audience != null) {
            api.putObject("service").put("name", audience);
        }
        ObjectNode source = e.putObject("src_endpoint").put("uid", a.agentId().toString());
        if (agentName != null) {
            source.put("name", agentName);
        }
        ObjectNode resource = e.putArray("resources").addObject().put("type", a.targetType()).put("uid", a.targetId());
        if (a.targetName() != null) {
            resource.put("name", a.targetName());
        }

        ObjectNode unmapped = e.putObject("unmapped");
        unmapped.set("delegation_chain", a.binding().path("delegations").deepCopy());
        if (credential.isObject()) {
            unmapped.set("credential", credential.deepCopy());
        }
        unmapped.put("after_revocation", a.afterRevocation());
        unmapped.put("outcome", a.outcome());
        if (a.decisionId() != null) {
            unmapped.put("decision_id", a.decisionId());
        }
        unmapped.set("metadata", a.metadata().deepCopy());
        ObjectNode audit = unmapped.putObject("audit");
        if (a.auditRecordId() != null) {
            audit.put("record_id", a.auditRecordId());
        }
        if (a.auditPosition() != null) {
            audit.put("position", a.auditPosition());
        }
        return e;
    }

    /** The audience acted on: the credential's, else the nearest delegation's that names one. */
    private static String audience(RecordedAction a) {
        JsonNode credential = a.binding().path("credential").path("audience");
        if (credential.isTextual()) {
            return credential.asText();
        }
        for (JsonNode link : a.binding().path("delegations")) {
            if (link.path("audience").isTextual()) {
                return link.path("audience").asText();
            }
        }
        return null;
    }
}

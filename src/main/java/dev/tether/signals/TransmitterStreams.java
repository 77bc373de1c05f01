package dev.tether.signals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A managed stream: Tether reads the transmitter's {@code /.well-known/ssf-configuration}, creates
 * its stream through the stream configuration API (the events it acts on, delivered by RFC 8935
 * push to the source's endpoint with the header it generated, or by RFC 8936 poll), asks for
 * verification, reads the stream's status, and deletes the stream with the source. Every call
 * goes through {@link TransmitterHttp}, under the private-address rule.
 */
@ApplicationScoped
class TransmitterStreams {

    static final String PUSH_METHOD = "urn:ietf:rfc:8935";
    static final String POLL_METHOD = "urn:ietf:rfc:8936";

    /** What creating a stream learnt. {@code pollUrl} for poll delivery only. */
    record Created(String issuer, String jwksUri, StreamEndpoints endpoints, String streamId, String audience,
            String pollUrl) {
    }

    private final TransmitterHttp http;
    private final ObjectMapper mapper;

    TransmitterStreams(TransmitterHttp http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    /**
     * Reads the configuration and creates the stream.
     *
     * @throws SignalRefusal at /configurationUrl when the transmitter cannot be read or refuses
     */
    Created create(String configurationUrl, String issuer, String delivery, String pushEndpoint, String header,
            String token, Collection<String> eventUris) {
        String refusal = http.refusal(configurationUrl);
        if (refusal != null) {
            throw SignalRefusal.field("/configurationUrl", refusal.replace("\"url\"", "\"configurationUrl\""));
        }
        JsonNode meta = call("GET", configurationUrl, null, null, "the transmitter's configuration");
        String metaIssuer = meta.path("issuer").asText(null);
        if (metaIssuer == null || (issuer != null && !issuer.equals(metaIssuer))) {
            throw SignalRefusal.field("/issuer", "the transmitter's configuration names issuer \"" + metaIssuer
                    + "\", not \"" + issuer + "\"");
        }
        String jwksUri = meta.path("jwks_uri").asText(null);
        String configurationEndpoint = meta.path("configuration_endpoint").asText(null);
        if (jwksUri == null || configurationEndpoint == null) {
            throw SignalRefusal.field("/configurationUrl",
                    "the transmitter's configuration has no jwks_uri or no configuration_endpoint");
        }
        String method = delivery.equals(SignalSource.POLL) ? POLL_METHOD : PUSH_METHOD;
        JsonNode methods = meta.path("delivery_methods_supported");
        if (methods.isArray() && methods.size() > 0 && !contains(methods, method)) {
            throw SignalRefusal.field("/delivery", "the transmitter does not deliver by " + method + "; it supports "
                    + methods);
        }
        ObjectNode request = mapper.createObjectNode();
        ObjectNode d = request.putObject("delivery").put("method", method);
        if (method.equals(PUSH_METHOD)) {
            d.put("endpoint_url", pushEndpoint).put("authorization_header", header);
        }
        eventUris.forEach(request.putArray("events_requested")::add);
        request.put("description", "Tether signal source");
        JsonNode stream = call("POST", configurationEndpoint, token, request, "creating the stream");
        String streamId = stream.path("stream_id").asText(null);
        if (streamId == null) {
            throw SignalRefusal.field("/configurationUrl", "the transmitter created a stream without stream_id");
        }
        JsonNode aud = stream.path("aud");
        String audience = aud.isArray() && aud.size() > 0 ? aud.get(0).asText() : aud.isTextual() ? aud.asText() : null;
        String pollUrl = stream.path("delivery").path("endpoint_url").asText(null);
        if (method.equals(POLL_METHOD) && pollUrl == null) {
            throw SignalRefusal.field("/configurationUrl", "the transmitter's poll stream names no endpoint_url");
        }
        return new Created(metaIssuer, jwksUri, new StreamEndpoints(configurationEndpoint,
                meta.path("verification_endpoint").asText(null), meta.path("status_endpoint").asText(null), token),
                streamId, audience, pollUrl);
    }

    /** Asks the transmitter to send a verification event carrying a fresh state; returns the state, or null. */
    String requestVerification(StreamEndpoints e, String streamId) throws IOException {
        if (e.verification() == null) {
            return null;
        }
        String state = UUID.randomUUID().toString();
        ObjectNode body = mapper.createObjectNode().put("stream_id", streamId).put("state", state);
        TransmitterHttp.Reply reply = http.send("POST", e.verification(), headers(e.token(), true), body.toString());
        if (!reply.ok()) {
            throw new IOException("verification request answered " + reply.status());
        }
        return state;
    }

    /** A stream's status as its transmitter reports it: enabled, paused or disabled, and why. */
    record StreamStatus(String status, String reason) {
    }

    /** The stream's status as the transmitter reports it; null when it publishes no status endpoint. */
    StreamStatus readStatus(StreamEndpoints e, String streamId) throws IOException {
        if (e.status() == null) {
            return null;
        }
        TransmitterHttp.Reply reply = http.get(e.status() + query(e.status(), streamId), headers(e.token(), false));
        if (!reply.ok()) {
            throw new IOException("status answered " + reply.status());
        }
        JsonNode body;
        try {
            body = mapper.readTree(reply.body());
        } catch (IOException notJson) {
            throw new IOException("status answered something that is not JSON");
        }
        String status = body == null ? null : body.path("status").asText(null);
        if (status == null || !(status.equals("enabled") || status.equals("paused") || status.equals("disabled"))) {
            throw new IOException("status answered no status of enabled, paused or disabled");
        }
        String reason = body.path("reason").asText(null);
        return new StreamStatus(status, reason == null ? null : reason.substring(0, Math.min(reason.length(), 500)));
    }

    /** Deletes the stream at the transmitter. */
    void delete(StreamEndpoints e, String streamId) throws IOException {
        http.send("DELETE", e.configuration() + query(e.configuration(), streamId), headers(e.token(), false), null);
    }

    /** One RFC 8936 poll: acknowledges {@code ack}, reports {@code errors}, returns the SETs by jti. */
    Map<String, String> poll(String pollUrl, String token, Collection<String> ack, Map<String, Map<String, String>> errors,
            int maxEvents) throws IOException {
        ObjectNode body = mapper.createObjectNode();
        ack.forEach(body.putArray("ack")::add);
        if (!errors.isEmpty()) {
            body.set("setErrs", mapper.valueToTree(errors));
        }
        body.put("maxEvents", maxEvents).put("returnImmediately", true);
        TransmitterHttp.Reply reply = http.send("POST", pollUrl, headers(token, true), body.toString());
        if (!reply.ok()) {
            throw new IOException("poll answered " + reply.status());
        }
        Map<String, String> sets = new LinkedHashMap<>();
        mapper.readTree(reply.body()).path("sets").fields().forEachRemaining(f -> sets.put(f.getKey(), f.getValue().asText()));
        return sets;
    }

    private JsonNode call(String method, String url, String token, JsonNode body, String what) {
        TransmitterHttp.Reply reply;
        try {
            reply = http.send(method, url, headers(token, body != null), body == null ? null : body.toString());
        } catch (IOException e) {
            throw SignalRefusal.field("/configurationUrl", what + " failed: " + e.getMessage());
        }
        if (!reply.ok()) {
            throw SignalRefusal.field("/configurationUrl", what + " answered " + reply.status());
        }
        try {
            JsonNode json = mapper.readTree(reply.body());
            if (!json.isObject()) {
                throw new IOException("not an object");
            }
            return json;
        } catch (IOException e) {
            throw SignalRefusal.field("/configurationUrl", what + " is not a JSON object");
        }
    }

    private static Map<String, String> headers(String token, boolean json) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", "application/json");
        if (json) {
            h.put("Content-Type", "application/json");
        }
        if (token != null) {
            h.put("Authorization", "Bearer " + token);
        }
        return h;
    }

    private static String query(String url, String streamId) {
        return (url.contains("?") ? "&" : "?") + "stream_id=" + URLEncoder.encode(streamId, StandardCharsets.UTF_8);
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }
}

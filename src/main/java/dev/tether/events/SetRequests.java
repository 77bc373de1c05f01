package dev.tether.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SSF push requests (RFC 8935): one signed Security Event Token per event, sent as
 * {@code application/secevent+jwt}. Its {@code aud} is the subscription's audience, else its URL;
 * the subscription's Authorization header value, when it has one, goes with every push.
 */
@ApplicationScoped
class SetRequests implements DeliveryRequests {

    private final SecurityEventTokens sets;
    private final ObjectMapper mapper;

    SetRequests(SecurityEventTokens sets, ObjectMapper mapper) {
        this.sets = sets;
        this.mapper = mapper;
    }

    @Override
    public Request build(DeliveryClaim claim) {
        String authorization = claim.pushAuthorization();
        if (authorization != null && authorization.startsWith(WebhookRequests.UNOPENED)) {
            throw new IllegalStateException("the push Authorization header cannot be opened: "
                    + authorization.substring(WebhookRequests.UNOPENED.length()));
        }
        String set = sets.sign(claim.event(), claim.audience() != null ? claim.audience() : claim.url());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", SecurityEventTokens.MEDIA_TYPE);
        headers.put("Accept", "application/json");
        if (authorization != null) {
            headers.put("Authorization", authorization); // RFC 8935 §2: what the receiver gave for this stream
        }
        return new Request(headers, set.getBytes(StandardCharsets.US_ASCII));
    }

    /** RFC 8935 §2.3: a 400 carries {"err","description"}; keep those, else the body as it came. */
    @Override
    public String errorDetail(int status, String body) {
        if (status != 400 || body == null) {
            return body;
        }
        try {
            JsonNode err = mapper.readTree(body);
            if (err != null && err.hasNonNull("err")) {
                return "err=" + err.get("err").asText() + " description=" + err.path("description").asText("");
            }
        } catch (java.io.IOException ignored) {
            // not JSON: the raw body
        }
        return body;
    }
}

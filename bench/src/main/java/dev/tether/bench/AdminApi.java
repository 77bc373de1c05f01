package dev.tether.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Tether's admin API (JSON, /admin/v1) with an operator JWT that the harness signs itself: RS256
 * over a key pair made per run, whose public half the server is started with
 * (MP_JWT_VERIFY_PUBLICKEY_LOCATION), issuer "tether", groups ["tether-operator"].
 */
final class AdminApi {

    static final ObjectMapper JSON = new ObjectMapper();

    record Directory(String id, String scimBaseUrl, String token) {
    }

    private final Http http;

    AdminApi(String baseUrl, String jwt) {
        this.http = new Http(baseUrl, jwt, "application/json");
    }

    /** Makes an RSA key pair, writes the public key as PEM to {@code publicKeyFile} and returns the pair. */
    static KeyPair keyPair(Path publicKeyFile) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair pair = g.generateKeyPair();
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(pair.getPublic().getEncoded());
            Files.createDirectories(publicKeyFile.getParent());
            Files.writeString(publicKeyFile, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An RS256 JWT for the operator role, valid for a day. */
    static String operatorJwt(KeyPair keys) {
        long now = System.currentTimeMillis() / 1000;
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        ObjectNode claims = JSON.createObjectNode().put("iss", "tether").put("sub", "tether-bench")
                .put("upn", "tether-bench").put("iat", now).put("exp", now + 86_400)
                .put("jti", UUID.randomUUID().toString());
        claims.putArray("groups").add("tether-operator");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        try {
            String signingInput = b64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + b64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(s.sign());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new directory and a SCIM token for it. */
    Directory directory(String name) {
        JsonNode d = json(Http.expect(http.post("/admin/v1/directories", JSON.createObjectNode().put("name", name)
                .toString()), 201).body());
        String id = d.get("id").asText();
        JsonNode t = json(Http.expect(http.post("/admin/v1/directories/" + id + "/tokens",
                JSON.createObjectNode().put("description", "bench").toString()), 201).body());
        return new Directory(id, d.get("scimBaseUrl").asText(), t.get("token").asText());
    }

    record Subscription(String id, String secret) {
    }

    Subscription subscribe(String url, String directoryId, List<String> eventTypes) {
        ObjectNode b = JSON.createObjectNode().put("url", url).put("format", "standard-webhooks")
                .put("description", "bench receiver");
        b.putArray("directoryIds").add(directoryId);
        if (eventTypes != null) {
            eventTypes.forEach(b.putArray("eventTypes")::add);
        }
        JsonNode s = json(Http.expect(http.post("/admin/v1/subscriptions", b.toString()), 201).body());
        return new Subscription(s.get("id").asText(), s.get("secret").asText());
    }

    void unsubscribe(String id) {
        Http.expect(http.send("DELETE", "/admin/v1/subscriptions/" + id, null), 204);
    }

    String delegate(String directoryId, String userId, String agentId) {
        ObjectNode b = JSON.createObjectNode();
        b.putObject("delegator").put("type", "User").put("id", userId);
        b.put("agentId", agentId);
        b.putArray("scopes").add("read").add("write");
        b.put("audience", "https://api.example.com");
        return json(Http.expect(http.post("/admin/v1/directories/" + directoryId + "/delegations", b.toString()), 201)
                .body()).get("id").asText();
    }

    String credential(String directoryId, String agentId, String delegationId, String externalId) {
        ObjectNode b = JSON.createObjectNode().put("agentId", agentId).put("delegationId", delegationId)
                .put("kind", "api_key").put("externalId", externalId).put("audience", "https://api.example.com");
        return json(Http.expect(http.post("/admin/v1/directories/" + directoryId + "/credentials", b.toString()), 201)
                .body()).get("id").asText();
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

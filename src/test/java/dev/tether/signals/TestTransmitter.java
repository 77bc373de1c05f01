package dev.tether.signals;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An SSF transmitter of the tests' own, with an independent JOSE library (nimbus): it publishes
 * its JWKS on loopback (counting fetches), signs SETs with its current key, and can rotate the key,
 * sign with a key it never published, or build SETs that break one rule at a time.
 */
public final class TestTransmitter implements AutoCloseable {

    public static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
    public static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";

    private final HttpServer server;
    private volatile RSAKey key;
    private final AtomicInteger jwksFetches = new AtomicInteger();
    public final String issuer;

    public TestTransmitter() {
        key = newKey();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/jwks.json", exchange -> {
            jwksFetches.incrementAndGet();
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        streamApi();
        server.start();
    }

    // ---- a transmitter's stream management (OpenID SSF 1.0) and RFC 8936 poll endpoint

    public static final String MANAGEMENT_TOKEN = "mgmt-token";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    /** The last stream configuration request's body, as received. */
    volatile Map<String, Object> streamRequest;
    volatile String streamDeleted;
    final List<String> managementAuthorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** SETs queued for polling, by jti, until acknowledged. */
    final Map<String, String> pollQueue = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> acked = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, Object> setErrs = new java.util.concurrent.ConcurrentHashMap<>();
    volatile String verificationAnswer;
    /** What the status endpoint answers: the stream's status and reason (null: none), changed as one. */
    record StreamState(String status, String reason) {
    }

    volatile StreamState streamState = new StreamState("enabled", null);
    /** Status the status endpoint answers; 200 gives {@link #streamState}. */
    volatile int statusAnswer = 200;
    /** The states of the verification requests received, in order. */
    final List<String> verificationStates = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Status the verification endpoint answers; 204 takes the request. */
    volatile int verificationStatus = 204;

    private void streamApi() {
        server.createContext("/.well-known/ssf-configuration", exchange -> reply(exchange, 200, Map.of(
                "spec_version", "1_0", "issuer", issuer, "jwks_uri", jwksUri(),
                "configuration_endpoint", issuer + "/streams", "verification_endpoint", issuer + "/verify",
                "status_endpoint", issuer + "/status",
                "delivery_methods_supported", List.of("urn:ietf:rfc:8935", "urn:ietf:rfc:8936"))));
        server.createContext("/streams", exchange -> {
            managementAuthorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (exchange.getRequestMethod().equals("DELETE")) {
                streamDeleted = exchange.getRequestURI().getQuery();
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> body = JSON.readValue(exchange.getRequestBody(), Map.class);
            streamRequest = body;
            @SuppressWarnings("unchecked")
            Map<String, Object> delivery = new LinkedHashMap<>((Map<String, Object>) body.get("delivery"));
            if ("urn:ietf:rfc:8936".equals(delivery.get("method"))) {
                delivery.put("endpoint_url", issuer + "/poll");
            }
            reply(exchange, 201, Map.of("stream_id", "stream-1", "iss", issuer, "aud", List.of("tether-receiver"),
                    "delivery", delivery, "events_delivered", body.get("events_requested")));
        });
        server.createContext("/verify", exchange -> {
            managementAuthorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            @SuppressWarnings("unchecked")
            Map<String, Object> body = JSON.readValue(exchange.getRequestBody(), Map.class);
            if (verificationStatus != 204) {
                exchange.sendResponseHeaders(verificationStatus, -1);
                exchange.close();
                return;
            }
            verificationStates.add(String.valueOf(body.get("state")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            // the verification event, pushed to the stream's endpoint with the header Tether gave
            @SuppressWarnings("unchecked")
            Map<String, Object> delivery = (Map<String, Object>) streamRequest.get("delivery");
            Map<String, Object> claims = claims("tether-receiver", "https://schemas.openid.net/secevent/ssf/event-type/verification",
                    Map.of("format", "opaque", "id", "stream-1"));
            @SuppressWarnings("unchecked")
            Map<String, Object> event = (Map<String, Object>) ((Map<String, Object>) claims.get("events")).values().iterator().next();
            event.put("state", body.get("state"));
            String set = sign(claims);
            if ("urn:ietf:rfc:8936".equals(delivery.get("method"))) {
                pollQueue.put((String) claims.get("jti"), set);
                return;
            }
            try {
                var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create((String) delivery.get("endpoint_url")))
                        .header("Authorization", (String) delivery.get("authorization_header"))
                        .header("Content-Type", "application/secevent+jwt")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(set)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                verificationAnswer = response.statusCode() + " " + response.body();
            } catch (Exception e) {
                verificationAnswer = e.toString();
            }
        });
        server.createContext("/status", exchange -> {
            managementAuthorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (statusAnswer != 200) {
                exchange.sendResponseHeaders(statusAnswer, -1);
                exchange.close();
                return;
            }
            StreamState state = streamState;
            Map<String, Object> status = new LinkedHashMap<>(Map.of("stream_id", "stream-1", "status", state.status()));
            if (state.reason() != null) {
                status.put("reason", state.reason());
            }
            reply(exchange, 200, status);
        });
        server.createContext("/poll", exchange -> {
            managementAuthorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            @SuppressWarnings("unchecked")
            Map<String, Object> body = JSON.readValue(exchange.getRequestBody(), Map.class);
            @SuppressWarnings("unchecked")
            List<String> ack = (List<String>) body.getOrDefault("ack", List.of());
            ack.forEach(pollQueue::remove);
            acked.addAll(ack);
            @SuppressWarnings("unchecked")
            Map<String, Object> errs = (Map<String, Object>) body.getOrDefault("setErrs", Map.of());
            errs.keySet().forEach(pollQueue::remove);
            setErrs.putAll(errs);
            int max = ((Number) body.getOrDefault("maxEvents", 10)).intValue();
            Map<String, String> sets = new LinkedHashMap<>();
            pollQueue.forEach((jti, set) -> {
                if (sets.size() < max) {
                    sets.put(jti, set);
                }
            });
            reply(exchange, 200, Map.of("sets", sets, "moreAvailable", pollQueue.size() > sets.size()));
        });
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, Object body) throws IOException {
        byte[] out = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    public String configurationUrl() {
        return issuer + "/.well-known/ssf-configuration";
    }

    static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String jwksUri() {
        return issuer + "/jwks.json";
    }

    int jwksFetches() {
        return jwksFetches.get();
    }

    /** A new key pair, published from now on; the old one is gone from the JWKS. */
    void rotate() {
        key = newKey();
    }

    /** Claims of a valid SET for {@code audience}: one event about the subject. */
    public Map<String, Object> claims(String audience, String eventType, Map<String, Object> subject) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("iat", System.currentTimeMillis() / 1000);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("aud", audience);
        claims.put("sub_id", subject);
        Map<String, Object> events = new LinkedHashMap<>();
        events.put(eventType, new LinkedHashMap<>(Map.of("event_timestamp", System.currentTimeMillis() / 1000)));
        claims.put("events", events);
        return claims;
    }

    public static Map<String, Object> email(String email) {
        return Map.of("format", "email", "email", email);
    }

    /** Signs with the published key, RS256, typ secevent+jwt. */
    public String sign(Map<String, Object> claims) {
        return sign(claims, key, h -> {
        });
    }

    /** Signs with {@code signer} (a key the JWKS may not hold), the header adjusted by {@code header}. */
    static String sign(Map<String, Object> claims, RSAKey signer, Consumer<JWSHeader.Builder> header) {
        try {
            JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("secevent+jwt"))
                    .keyID(signer.getKeyID());
            header.accept(h);
            SignedJWT jwt = new SignedJWT(h.build(), JWTClaimsSet.parse(claims));
            jwt.sign(new RSASSASigner(signer));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    RSAKey key() {
        return key;
    }

    /** An HS256 SET whose HMAC secret is the published RSA public key's encoding: the key-confusion attack. */
    String signHmacWithPublicKey(Map<String, Object> claims) {
        try {
            byte[] secret = key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                    .type(new JOSEObjectType("secevent+jwt")).keyID(key.getKeyID()).build(), JWTClaimsSet.parse(claims));
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned SET: {"alg":"none"}, claims, empty signature. */
    static String unsigned(Map<String, Object> claims) {
        try {
            String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"secevent+jwt\"}").toString();
            String payload = Base64URL.encode(JWTClaimsSet.parse(claims).toString()).toString();
            return header + "." + payload + ".";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> list(String... values) {
        return List.of(values);
    }

    static Date now() {
        return new Date();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

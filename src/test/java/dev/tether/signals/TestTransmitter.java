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
final class TestTransmitter implements AutoCloseable {

    static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
    static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";

    private final HttpServer server;
    private volatile RSAKey key;
    private final AtomicInteger jwksFetches = new AtomicInteger();
    final String issuer;

    TestTransmitter() {
        key = newKey();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/jwks.json", exchange -> {
            jwksFetches.incrementAndGet();
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String jwksUri() {
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
    Map<String, Object> claims(String audience, String eventType, Map<String, Object> subject) {
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

    static Map<String, Object> email(String email) {
        return Map.of("format", "email", "email", email);
    }

    /** Signs with the published key, RS256, typ secevent+jwt. */
    String sign(Map<String, Object> claims) {
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

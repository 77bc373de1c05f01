package dev.tether.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenID provider of the tests' own (OpenID Connect Core 1.0, authorization code flow), on
 * loopback: discovery, JWKS, an authorization endpoint whose "login page" lists its people (the
 * browser picks one, as a person signing in would), and a token endpoint that checks the client's
 * id and secret, the code, its redirect URI and the PKCE verifier, and answers with an RS256 ID
 * token carrying the request's nonce and the roles claim. Authorization requests without PKCE
 * (S256) or a nonce are refused, so a passing sign-in shows that Tether sent both.
 */
public final class TestOpenIdProvider implements AutoCloseable {

    public static final String CLIENT_ID = "tether-console";
    public static final String CLIENT_SECRET = "test-client-secret-0123456789abcdef";
    /** The claim the provider puts roles in; Entra ID's app roles arrive in "roles" like this. */
    public static final String ROLES_CLAIM = "roles";

    /** A person the provider can sign in. */
    public record Person(String sub, String name, String email, List<String> roles) {
    }

    public static final Person OPERATOR = new Person("00u-olivia", "Olivia Operator", "olivia@example.com",
            List.of("everyone", "tether-operator"));
    public static final Person AUDITOR = new Person("00u-arthur", "Arthur Auditor", "arthur@example.com",
            List.of("tether-auditor"));
    public static final Person NOBODY = new Person("00u-nora", "Nora Nobody", "nora@example.com", List.of("sales"));
    private static final List<Person> PEOPLE = List.of(OPERATOR, AUDITOR, NOBODY);

    private record Grant(Person person, String redirectUri, String nonce, String codeChallenge, List<String> scopes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final RSAKey key;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    public final String issuer;

    public TestOpenIdProvider() {
        try {
            key = new RSAKeyGenerator(2048).keyID("idp-key-1").generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realm";
        server.createContext("/realm/.well-known/openid-configuration", exchange -> json(exchange, 200, discovery()));
        server.createContext("/realm/jwks", exchange -> json(exchange, 200, new JWKSet(key.toPublicJWK()).toJSONObject()));
        server.createContext("/realm/authorize", this::authorize);
        server.createContext("/realm/token", this::token);
        server.start();
    }

    private Map<String, Object> discovery() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("authorization_endpoint", issuer + "/authorize");
        doc.put("token_endpoint", issuer + "/token");
        doc.put("jwks_uri", issuer + "/jwks");
        doc.put("response_types_supported", List.of("code"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        doc.put("scopes_supported", List.of("openid", "profile", "email"));
        return doc;
    }

    /** GET: the login page. With {@code person}: that person consents, back to the client with code and state. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String redirectUri = query.get("redirect_uri");
        if (!CLIENT_ID.equals(query.get("client_id")) || !"code".equals(query.get("response_type")) || redirectUri == null
                || !String.valueOf(query.get("scope")).contains("openid")) {
            text(exchange, 400, "text/plain", "invalid authorization request");
            return;
        }
        // as strict as a careful provider: PKCE with S256 and a nonce, or no code
        String challenge = query.get("code_challenge");
        if (challenge == null || !"S256".equals(query.get("code_challenge_method")) || query.get("nonce") == null) {
            text(exchange, 400, "text/plain", "PKCE (S256) and a nonce are required");
            return;
        }
        String chosen = query.get("person");
        if (chosen == null) {
            StringBuilder page = new StringBuilder("<!doctype html><title>Test IdP</title><h1>Sign in to Test IdP</h1><ul>");
            for (Person p : PEOPLE) {
                page.append("<li><a id=\"").append(p.sub()).append("\" href=\"/realm/authorize?")
                        .append(exchange.getRequestURI().getRawQuery()).append("&person=").append(p.sub()).append("\">")
                        .append(p.name()).append("</a></li>");
            }
            text(exchange, 200, "text/html", page.append("</ul>").toString());
            return;
        }
        Person person = PEOPLE.stream().filter(p -> p.sub().equals(chosen)).findFirst().orElseThrow();
        String code = "code-" + UUID.randomUUID();
        codes.put(code, new Grant(person, redirectUri, query.get("nonce"), challenge, List.of(query.get("scope").split(" "))));
        String back = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + enc(code)
                + (query.containsKey("state") ? "&state=" + enc(query.get("state")) : "");
        exchange.getResponseHeaders().add("Location", back);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** POST: code for tokens, for this client only (client_secret_basic), once per code. */
    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String clientId = null;
        String secret = null;
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8)
                    .split(":", 2);
            clientId = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : null;
        }
        if (!CLIENT_ID.equals(clientId) || !CLIENT_SECRET.equals(secret)) {
            refuse(exchange, 401, "invalid_client");
            return;
        }
        Grant grant = body.get("code") == null ? null : codes.remove(body.get("code"));
        if (!"authorization_code".equals(body.get("grant_type")) || grant == null
                || !grant.redirectUri().equals(body.get("redirect_uri"))) {
            refuse(exchange, 400, "invalid_grant");
            return;
        }
        if (!grant.codeChallenge().equals(s256(body.get("code_verifier")))) {
            refuse(exchange, 400, "invalid_grant: PKCE verifier does not match");
            return;
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder id = new JWTClaimsSet.Builder()
                .issuer(issuer).audience(CLIENT_ID).subject(grant.person().sub())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim(ROLES_CLAIM, grant.person().roles());
        // like Entra ID and Okta: the name only for the profile scope, the address only for email
        if (grant.scopes().contains("profile")) {
            id.claim("name", grant.person().name());
        }
        if (grant.scopes().contains("email")) {
            id.claim("email", grant.person().email());
        }
        id.claim("nonce", grant.nonce());
        JWTClaimsSet access = new JWTClaimsSet.Builder().issuer(issuer).audience("test-api").subject(grant.person().sub())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString()).build();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", sign(access, JOSEObjectType.JWT));
        answer.put("token_type", "Bearer");
        answer.put("expires_in", 300);
        answer.put("id_token", sign(id.build(), JOSEObjectType.JWT));
        json(exchange, 200, answer);
    }

    private String sign(JWTClaimsSet claims, JOSEObjectType type) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void refuse(HttpExchange exchange, int status, String why) throws IOException {
        json(exchange, status, Map.of("error", why.split(":")[0], "error_description", why));
    }

    private static String s256(String verifier) {
        if (verifier == null) {
            return null;
        }
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        text(exchange, status, "application/json", JSON.writeValueAsString(body));
    }

    private static void text(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

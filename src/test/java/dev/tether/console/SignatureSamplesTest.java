package dev.tether.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tether.events.StandardWebhookSignature;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verification code the portal shows must work as written: each runnable sample (Node.js,
 * Python and Java need nothing outside their standard libraries) is run against a delivery
 * signed by Tether's signer, and must accept it and refuse it once the body, the secret or the
 * timestamp is wrong. The SET sample verifies a real RS256 SET against a JWKS served over HTTP.
 */
class SignatureSamplesTest {

    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
            .getBytes(StandardCharsets.UTF_8));
    static final String BODY = "{\"type\":\"user.deactivated\",\"data\":{\"name\":\"Zoë \\\"Z\\\"\"}}";

    @TempDir
    Path dir;

    record Case(String name, String id, long timestamp, String body, String secret, boolean accepted) {
    }

    static List<Case> cases() {
        long now = System.currentTimeMillis() / 1000;
        return List.of(
                new Case("signed by Tether", "msg_1", now, BODY, SECRET, true),
                new Case("body changed", "msg_1", now, BODY.replace("deactivated", "created"), SECRET, false),
                new Case("another secret", "msg_1", now, BODY, "whsec_" + Base64.getEncoder().encodeToString(new byte[32]), false),
                new Case("too old", "msg_1", now - 600, BODY, SECRET, false));
    }

    /** Runs the sample once per case: headers and body come in through files, the answer goes to stdout. */
    private void check(String language, List<String> command, String program) throws Exception {
        for (Case c : cases()) {
            // Tether signed BODY with c.secret(); the receiver reads c.body() and knows only SECRET
            String header = StandardWebhookSignature.header(c.id(), c.timestamp(), BODY, List.of(c.secret()));
            Files.writeString(dir.resolve("body"), c.body());
            Files.writeString(dir.resolve("id"), c.id());
            Files.writeString(dir.resolve("timestamp"), Long.toString(c.timestamp()));
            Files.writeString(dir.resolve("signature"), "v1,bm90IGl0 " + header); // a stale signature first
            String out = run(command, Map.of(SignatureSamples.SECRET_VARIABLE, SECRET), program);
            assertEquals(Boolean.toString(c.accepted()), out.strip(), language + ": " + c.name());
        }
    }

    private String run(List<String> command, Map<String, String> env, String program) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out + "\n--- program ---\n" + program);
        return out;
    }

    private static String code(String id) {
        return SignatureSamples.webhooks().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().code();
    }

    @Test
    void everyLanguageIsOffered() {
        assertEquals(List.of("Node.js", "Python", "Go", "Java", "Ruby"),
                SignatureSamples.webhooks().stream().map(SignatureSamples.Sample::language).toList());
        assertEquals(List.of("Node.js", "Python", "Go", "Java", "Ruby"),
                SignatureSamples.securityEventTokens("https://t.example/ssf/jwks.json", "https://t.example", "aud")
                        .stream().map(SignatureSamples.Sample::language).toList());
        for (SignatureSamples.Sample s : SignatureSamples.webhooks()) {
            assertTrue(s.code().contains("webhook-signature") && s.code().contains("webhook-timestamp")
                    && s.code().contains(SignatureSamples.SECRET_VARIABLE) && s.code().contains("300"), s.language());
        }
    }

    @Test
    void nodeSampleVerifies() throws Exception {
        String program = code("node") + """
                const fs = require('fs');
                const headers = { 'webhook-id': fs.readFileSync('id', 'utf8'),
                  'webhook-timestamp': fs.readFileSync('timestamp', 'utf8'),
                  'webhook-signature': fs.readFileSync('signature', 'utf8') };
                console.log(String(verifyTether(headers, fs.readFileSync('body', 'utf8'))));
                """;
        Files.writeString(dir.resolve("verify.js"), program);
        check("node", List.of("node", "verify.js"), program);
    }

    @Test
    void pythonSampleVerifies() throws Exception {
        String program = code("python") + """

                def read(name):
                    with open(name, "rb") as f:
                        return f.read()

                headers = {n: read(f).decode() for n, f in
                           (("webhook-id", "id"), ("webhook-timestamp", "timestamp"), ("webhook-signature", "signature"))}
                print(str(verify_tether(headers, read("body"))).lower())
                """;
        Files.writeString(dir.resolve("verify.py"), program);
        check("python", List.of("python3", "verify.py"), program);
    }

    @Test
    void javaSampleVerifies() throws Exception {
        String program = code("java").replace("public final class TetherWebhooks {", """
                public final class TetherWebhooks {
                    public static void main(String[] args) throws Exception {
                        java.nio.file.Path d = java.nio.file.Path.of(".");
                        Map<String, String> headers = Map.of(
                                "webhook-id", java.nio.file.Files.readString(d.resolve("id")),
                                "webhook-timestamp", java.nio.file.Files.readString(d.resolve("timestamp")),
                                "webhook-signature", java.nio.file.Files.readString(d.resolve("signature")));
                        System.out.println(verify(headers, java.nio.file.Files.readAllBytes(d.resolve("body"))));
                    }
                """);
        Files.writeString(dir.resolve("TetherWebhooks.java"), program);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        check("java", List.of(java, "TetherWebhooks.java"), program);
    }

    @Test
    void nodeSetSampleVerifiesATetherSet() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\"" + b64(unsigned(pub.getModulus()))
                + "\",\"e\":\"" + b64(unsigned(pub.getPublicExponent())) + "\"}]}";
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/ssf/jwks.json", exchange -> {
            byte[] out = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        try {
            String jwksUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/ssf/jwks.json";
            String issuer = "https://tether.example";
            String audience = "https://app.example/ssf's \"push\"";
            String code = SignatureSamples.securityEventTokens(jwksUrl, issuer, audience).get(0).code();
            List<String> results = new ArrayList<>();
            for (String token : List.of(
                    set(pair, "secevent+jwt", issuer, audience),
                    set(pair, "JWT", issuer, audience),
                    set(pair, "secevent+jwt", "https://other.example", audience),
                    set(pair, "secevent+jwt", issuer, "someone else"))) {
                String program = code + "verifySet(" + SignatureSamples.js(token)
                        + ").then((c) => console.log('ok ' + c.jti), (e) => console.log('refused'));\n";
                Files.writeString(dir.resolve("set.js"), program);
                results.add(run(List.of("node", "set.js"), Map.of(), program).strip());
            }
            assertEquals(List.of("ok evt_1", "refused", "refused", "refused"), results);
        } finally {
            server.stop(0);
        }
    }

    private static String set(KeyPair pair, String typ, String issuer, String audience) throws Exception {
        String header = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"" + typ + "\"}";
        String claims = "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience.replace("\"", "\\\"")
                + "\",\"iat\":1,\"jti\":\"evt_1\",\"events\":{}}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(pair.getPrivate());
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64(rs256.sign());
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Test
    void valuesAreQuotedForTheLanguage() {
        assertEquals("\"a\\\"b\\\\c\"", SignatureSamples.dq("a\"b\\c"));
        assertEquals("'it\\'s \"x\"'", SignatureSamples.js("it's \"x\""));
        assertEquals("\"\\#{x}\"", SignatureSamples.rb("#{x}"));
    }
}

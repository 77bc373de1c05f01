package dev.tether.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Standard Webhooks receiver on loopback (the JDK's HTTP server). It checks each signature,
 * keeps the arrival time (System.nanoTime) of each event id once, and of each credential.revoked
 * by credential id, and answers 204.
 */
final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile byte[] secret;
    final Map<String, Long> events = new ConcurrentHashMap<>();
    final Map<String, Long> revokedCredentials = new ConcurrentHashMap<>();
    final AtomicLong badSignatures = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong lastArrival = new AtomicLong();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            long at = System.nanoTime();
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            if (!verified(id, timestamp, signature, body)) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
                exchange.close();
                return;
            }
            if (events.putIfAbsent(id, at) == null) {
                lastArrival.accumulateAndGet(at, Math::max);
                try {
                    JsonNode event = AdminApi.JSON.readTree(body);
                    if ("credential.revoked".equals(event.path("type").asText())) {
                        String credential = event.path("data").path("chain").path("credentialId").asText(null);
                        if (credential != null) {
                            revokedCredentials.putIfAbsent(credential, at);
                        }
                    }
                } catch (IOException e) {
                    // counted as an event; the body is Tether's business
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void secret(String whsec) {
        this.secret = Base64.getDecoder().decode(whsec.startsWith("whsec_") ? whsec.substring(6) : whsec);
    }

    private boolean verified(String id, String timestamp, String signature, byte[] body) {
        byte[] key = secret;
        if (key == null) {
            return true;
        }
        if (id == null || timestamp == null || signature == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = Base64.getEncoder().encode(mac.doFinal(body));
            for (String part : signature.split(" ")) {
                if (part.startsWith("v1,") && MessageDigest.isEqual(expected,
                        part.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package dev.tether.events;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A real HTTP receiver on loopback for delivery tests. It can be down (nothing listening on its
 * port), answer what {@link #respond} says, and records every request it got.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A request as received. Header names are lower-cased. */
    public record Received(Instant at, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    /** What to answer: status and optional headers and body. */
    public record Reply(int status, Map<String, String> headers, String body) {
        public static Reply of(int status) {
            return new Reply(status, Map.of(), "");
        }
    }

    private final int port;
    private final int threads;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Received, Reply> respond = r -> Reply.of(200);
    private HttpServer server;

    private WebhookReceiver(int port, int threads) {
        this.port = port;
        this.threads = threads;
    }

    /** A receiver that is down: its port is known but nothing listens until {@link #start}. */
    public static WebhookReceiver down() {
        return down(8);
    }

    /** A receiver that is down and, once started, answers up to {@code threads} requests at once (for one that holds them). */
    public static WebhookReceiver down(int threads) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new WebhookReceiver(s.getLocalPort(), threads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static WebhookReceiver started() {
        WebhookReceiver r = down();
        r.start();
        return r;
    }

    public synchronized WebhookReceiver start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.createContext("/", exchange -> {
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Received r = new Received(Instant.now(), headers, body);
            received.add(r);
            Reply reply = respond.apply(r);
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
            exchange.close();
        });
        server.start();
        return this;
    }

    public WebhookReceiver respond(Function<Received, Reply> respond) {
        this.respond = respond;
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
            server = null;
        }
    }

    /** Polls until the condition holds; fails the test after the timeout. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

package dev.tether.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.1 client (the JDK's) for one base URL and one credential. Connections are
 * kept alive and shared by the client threads; every call blocks its thread, so N client
 * threads are N requests in flight.
 */
final class Http {

    static final String SCIM_JSON = "application/scim+json";

    private final HttpClient client;
    private final String base;
    private final String authorization;
    private final String contentType;
    /** Each client thread has its own connection, as each blocks on one request at a time. */
    private final ThreadLocal<Connection> connections = new ThreadLocal<>();

    Http(String base, String bearer, String contentType) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.base = base;
        this.authorization = authorization(bearer);
        this.contentType = contentType;
    }

    /**
     * The Authorization header for a credential as given on the command line: a bare token is a
     * bearer token; "Bearer …" and "Basic …" are used as they are; "basic:USER:PASSWORD" becomes
     * HTTP Basic.
     */
    static String authorization(String credential) {
        if (credential == null || credential.isEmpty()) {
            return null;
        }
        if (credential.regionMatches(true, 0, "basic:", 0, 6)) {
            return "Basic " + java.util.Base64.getEncoder().encodeToString(
                    credential.substring(6).getBytes(StandardCharsets.UTF_8));
        }
        if (credential.regionMatches(true, 0, "Bearer ", 0, 7) || credential.regionMatches(true, 0, "Basic ", 0, 6)) {
            return credential;
        }
        return "Bearer " + credential;
    }

    String base() {
        return base;
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, String body) {
        return send("POST", path, body);
    }

    Response patch(String path, String body) {
        return send("PATCH", path, body);
    }

    /** What a call answered; {@code uri} and {@code method} name the call in error messages. */
    record Response(String method, URI uri, int statusCode, String body) {
    }

    /**
     * Sends one request. Plain http goes over this thread's own kept-alive connection
     * ({@link Connection}): the JDK client costs the harness far more CPU per request, and the
     * harness shares the machine with the server it measures. https goes through the JDK client.
     */
    Response send(String method, String path, String body) {
        URI uri = URI.create(base + path);
        try {
            if ("http".equalsIgnoreCase(uri.getScheme())) {
                Connection c = connection(uri);
                try {
                    return c.exchange(method, uri, body);
                } catch (IOException e) {
                    if (!c.wasReused()) {
                        throw e;
                    }
                    // the server closed a connection that sat idle: once more, on a new one
                    dropConnection();
                    return connection(uri).exchange(method, uri, body);
                }
            }
            return viaJdkClient(method, uri, body);
        } catch (IOException e) {
            dropConnection();
            throw new UncheckedIOException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Response viaJdkClient(String method, URI uri, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(120))
                .header("Accept", contentType);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType);
            b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(method, uri, r.statusCode(), r.body());
    }

    private Connection connection(URI uri) throws IOException {
        Connection c = connections.get();
        if (c == null || !c.isFor(uri)) {
            dropConnection();
            c = new Connection(uri, authorization, contentType);
            connections.set(c);
        }
        return c;
    }

    private void dropConnection() {
        Connection c = connections.get();
        if (c != null) {
            c.close();
            connections.remove();
        }
    }

    /** The response, or an exception naming the call when the status is not the expected one. */
    static Response expect(Response r, int... statuses) {
        for (int s : statuses) {
            if (r.statusCode() == s) {
                return r;
            }
        }
        String body = r.body() == null ? "" : r.body();
        throw new IllegalStateException(r.method() + " " + r.uri() + " answered "
                + r.statusCode() + ": " + (body.length() > 500 ? body.substring(0, 500) + "…" : body));
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

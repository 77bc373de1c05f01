package dev.tether.events;

import dev.tether.platform.WebhooksConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes one attempt of one claimed delivery and says how it went: resolves and vets the target,
 * POSTs the request its format's {@link DeliveryRequests} built, and reads the answer. 2xx
 * succeeds; 410 disables the subscription; 429, 502 and 504 honour {@code Retry-After}; anything
 * else (or no answer) is retried along the {@link RetrySchedule}. Redirects are not followed: a
 * redirect could point anywhere, past the target check.
 *
 * <p>Why Vert.x's HTTP client and not the JDK's: the private-address rule must hold for the
 * address actually connected to. {@link DeliveryTargetPolicy#vet} resolves the host once, and
 * the request is sent to exactly that address ({@link RequestOptions#setServer}) while the URL's
 * host stays the request's host ({@link RequestOptions#setHost}): it is the {@code Host} header,
 * the TLS SNI name and the name the server certificate is verified against. The JDK client has
 * no way to connect to a given address for a named URL (it resolves the name again itself, which
 * is what DNS rebinding exploits), and putting the address in the URL would break SNI and
 * certificate verification for HTTPS.
 */
@ApplicationScoped
public class DeliverySender {

    private static final int MAX_ERROR_LENGTH = 500;
    /** How much of a receiver's error body is kept in {@code lastError}. */
    static final int MAX_BODY_BYTES = 200;

    private final Vertx vertx;
    private final WebhooksConfig config;
    private final DeliveryTargetPolicy targets;
    private final WebhookRequests webhooks;
    private final SetRequests sets;
    private final RetrySchedule schedule;
    private final String userAgent;
    private volatile HttpClient http;

    DeliverySender(Vertx vertx, WebhooksConfig config, DeliveryTargetPolicy targets, WebhookRequests webhooks,
            SetRequests sets,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.userAgent = "Tether/" + version;
        this.vertx = vertx;
        this.config = config;
        this.targets = targets;
        this.webhooks = webhooks;
        this.sets = sets;
        this.schedule = new RetrySchedule(config.retrySchedule(), config.retryJitter(), config.maxRetryAfter());
    }

    /** Opens the HTTP client; the worker does it as it starts. */
    void open() {
        http = vertx.createHttpClient(clientOptions(config.timeout(), config.senderThreads()));
    }

    /** Closes the HTTP client and its connections; the worker does it once no attempt is in flight. */
    void close() {
        HttpClient client = http;
        http = null;
        if (client != null) {
            client.close();
        }
    }

    /**
     * The client's options: HTTP/1.1, keep-alive (a connection is kept per vetted address and
     * host, so it is reused only for the address it was made to), host name verification on,
     * up to one connection per sender thread to one receiver.
     */
    static HttpClientOptions clientOptions(Duration timeout, int connections) {
        return new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setVerifyHost(true)
                .setKeepAlive(true)
                .setMaxPoolSize(Math.max(1, connections));
    }

    /** A POST to {@code uri} that connects to {@code address} and nowhere else. */
    static RequestOptions requestTo(URI uri, InetAddress address, Duration timeout) {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // an IPv6 literal
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        try {
            // an address without a name: nothing below can resolve it again
            address = InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
        return new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                .setHost(host)
                .setPort(port)
                .setSsl(tls)
                .setURI(path + query)
                .setFollowRedirects(false)
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis());
    }

    /** One attempt; InterruptedException when the shutdown interrupted it before an answer came. */
    DeliveryLedger.Outcome send(DeliveryClaim claim) throws InterruptedException {
        try {
            DeliveryTargetPolicy.Target target = targets.vet(claim.url());
            if (target.refusal() != null) {
                return failure(claim, null, target.refusal(), null);
            }
            DeliveryRequests format = Subscription.SSF.equals(claim.format()) ? sets : webhooks;
            DeliveryRequests.Request request = format.build(claim);
            long started = System.nanoTime(); // an interval, not a time of day: no Clock needed
            Answer answer;
            try {
                answer = post(target, request);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (answerTimedOut(cause)) {
                    return failure(claim, null, timeout(config.timeout()), null).took(since(started));
                }
                return failure(claim, null, describe(cause, target), null).took(since(started));
            } catch (TimeoutException e) {
                return failure(claim, null, timeout(config.timeout()), null).took(since(started));
            }
            return outcome(claim, answer, format).took(since(started));
        } catch (RuntimeException e) {
            return failure(claim, null, describe(e), null);
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** What the receiver answered. */
    record Answer(int status, String retryAfter, String body) {
    }

    private Answer post(DeliveryTargetPolicy.Target target, DeliveryRequests.Request request)
            throws InterruptedException, ExecutionException, TimeoutException {
        HttpClient client = http;
        if (client == null) {
            throw new IllegalStateException("the delivery sender is closed");
        }
        Exchange exchange = new Exchange();
        Future<Answer> answer = client.request(requestTo(target.uri(), target.address(), config.timeout()))
                .compose(req -> {
                    exchange.request = req;
                    if (exchange.abandoned) {
                        req.reset();
                        return Future.failedFuture("abandoned");
                    }
                    request.headers().forEach(req::putHeader);
                    req.putHeader("User-Agent", userAgent);
                    return req.send(Buffer.buffer(request.body()));
                })
                .compose(response -> response.body().map(body -> new Answer(response.statusCode(),
                        response.getHeader("Retry-After"), body.toString(StandardCharsets.UTF_8))));
        try {
            // the whole attempt, connecting included, within the timeout: the claim's lease counts on it
            return answer.toCompletionStage().toCompletableFuture().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | TimeoutException e) {
            exchange.abandon(); // no late send, no late answer
            throw e;
        }
    }

    /** One request in the making; abandoned when its sender stops waiting for it. */
    private static final class Exchange {
        volatile HttpClientRequest request;
        volatile boolean abandoned;

        void abandon() {
            abandoned = true;
            HttpClientRequest r = request;
            if (r != null) {
                r.reset();
            }
        }
    }

    private DeliveryLedger.Outcome outcome(DeliveryClaim claim, Answer answer, DeliveryRequests format) {
        int code = answer.status();
        if (code >= 200 && code < 300) {
            return new DeliveryLedger.Outcome(true, code, null, null, null);
        }
        if (code == 410) {
            return new DeliveryLedger.Outcome(false, code, "receiver answered 410 Gone; subscription disabled", null,
                    "receiver answered 410 Gone at " + Instant.now());
        }
        Duration retryAfter = code == 429 || code == 502 || code == 504 ? retryAfter(answer.retryAfter()) : null;
        return failure(claim, code, errorOf(code, format.errorDetail(code, answer.body())), retryAfter);
    }

    DeliveryLedger.Outcome failure(DeliveryClaim claim, Integer code, String error, Duration retryAfter) {
        Duration next = schedule.next(claim.attemptsMade() + 1, retryAfter).orElse(null);
        return new DeliveryLedger.Outcome(false, code, error, next, null);
    }

    /** {@code HTTP 500: <the first 200 bytes of the body>}, cut at a character boundary. */
    static String errorOf(int code, String detail) {
        String d = detail == null ? "" : firstBytes(detail.strip(), MAX_BODY_BYTES);
        String message = "HTTP " + code + (d.isBlank() ? "" : ": " + d);
        return message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message;
    }

    /** Retry-After as seconds or an HTTP date; null when absent or neither. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(Instant.now(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    /** Vert.x's own request timeout may fire before ours: both mean no answer in time. */
    private static boolean answerTimedOut(Throwable e) {
        return !(e instanceof io.netty.channel.ConnectTimeoutException)
                && (e instanceof TimeoutException || e.getClass().getSimpleName().endsWith("TimeoutException"));
    }

    static String timeout(Duration timeout) {
        long millis = timeout.toMillis();
        return "timeout after " + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms");
    }

    /** The longest prefix of {@code text} whose UTF-8 encoding fits in {@code max} bytes. */
    static String firstBytes(String text, int max) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > max) {
                return text.substring(0, i);
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text;
    }

    /**
     * What went wrong before an answer, in words an operator can act on: {@code connection
     * refused to 127.0.0.1:9}, {@code timeout after 15 s connecting to 10.0.0.7:443}, {@code TLS
     * handshake with 203.0.113.5:443 failed: …}. The address is the one actually connected to.
     */
    static String describe(Throwable e, DeliveryTargetPolicy.Target target) {
        String where = where(target);
        if (e instanceof io.netty.channel.ConnectTimeoutException) {
            return "timeout connecting to " + where;
        }
        if (e instanceof ConnectException) {
            String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
            if (message.contains("refused")) {
                return "connection refused to " + where;
            }
            return cut("could not connect to " + where + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return cut("TLS handshake with " + where + " failed: " + e.getMessage());
        }
        if (e instanceof io.vertx.core.http.HttpClosedException || e instanceof java.nio.channels.ClosedChannelException) {
            return "connection to " + where + " closed before an answer";
        }
        return describe(e);
    }

    private static String where(DeliveryTargetPolicy.Target target) {
        int port = target.uri().getPort() != -1 ? target.uri().getPort()
                : "https".equalsIgnoreCase(target.uri().getScheme()) ? 443 : 80;
        String address = target.address().getHostAddress();
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    private static String cut(String text) {
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }

    static String describe(Throwable e) {
        if (e instanceof ConnectException) {
            // Netty's subclass carries the address; the name stays the one operators know
            String message = e.getMessage();
            return "ConnectException" + (message == null ? "" : ": " + message);
        }
        String message = e.getMessage();
        String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }
}

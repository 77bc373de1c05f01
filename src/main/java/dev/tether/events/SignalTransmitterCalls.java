package dev.tether.events;

import dev.tether.platform.SignalsConfig;
import dev.tether.signals.TransmitterHttp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The SSF receiver's calls to transmitters, under the same rule as event delivery: the host is
 * resolved once and vetted by {@link DeliveryTargetPolicy} (so {@code tether.webhooks.allow-private-targets}
 * governs both), the connection goes to the vetted address, and redirects are not followed.
 */
@ApplicationScoped
class SignalTransmitterCalls implements TransmitterHttp {

    /** Largest answer read from a transmitter (a JWKS, a configuration, a poll batch). */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final Vertx vertx;
    private final DeliveryTargetPolicy targets;
    private final SignalsConfig config;
    private final String userAgent;
    private volatile HttpClient http;

    SignalTransmitterCalls(Vertx vertx, DeliveryTargetPolicy targets, SignalsConfig config,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.vertx = vertx;
        this.targets = targets;
        this.config = config;
        this.userAgent = "Tether/" + version;
    }

    @Override
    public String refusal(String url) {
        return targets.refusal(url);
    }

    @Override
    public Reply send(String method, String url, Map<String, String> headers, String body) throws IOException {
        DeliveryTargetPolicy.Target target = targets.vet(url);
        if (target.refusal() != null) {
            throw new IOException(target.refusal());
        }
        RequestOptions options = DeliverySender.requestTo(target.uri(), target.address(), config.fetchTimeout())
                .setMethod(HttpMethod.valueOf(method));
        try {
            return client().request(options)
                    .compose(req -> {
                        headers.forEach(req::putHeader);
                        req.putHeader("User-Agent", userAgent);
                        return body == null ? req.send() : req.send(Buffer.buffer(body));
                    })
                    .compose(response -> response.body().map(b -> {
                        if (b.length() > MAX_BODY_BYTES) {
                            throw new IllegalStateException("the answer is larger than " + MAX_BODY_BYTES + " bytes");
                        }
                        return new Reply(response.statusCode(), response.getHeader("Content-Type"),
                                b.toString(StandardCharsets.UTF_8));
                    }))
                    .toCompletionStage().toCompletableFuture()
                    .get(config.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException(DeliverySender.describe(cause, target), cause);
        } catch (TimeoutException e) {
            throw new IOException(DeliverySender.timeout(config.fetchTimeout()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private HttpClient client() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = vertx.createHttpClient(DeliverySender.clientOptions(config.fetchTimeout(), 4));
                }
                client = http;
            }
        }
        return client;
    }

    @PreDestroy
    void close() {
        HttpClient client = http;
        http = null;
        if (client != null) {
            client.close();
        }
    }
}

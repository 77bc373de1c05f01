package dev.tether.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plain JUnit: the sender's way of connecting to a vetted address keeps HTTPS whole. An HTTPS
 * receiver on loopback holds a certificate for {@code receiver.test} only; the request for
 * {@code https://receiver.test/...} connects to 127.0.0.1 and still sends SNI
 * {@code receiver.test}, verifies the certificate against that name, and says that Host. The same
 * address under another name fails verification.
 */
class DeliverySenderTlsTest {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static Vertx vertx;
    static HttpServer server;
    static HttpClient client;
    static final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void receiverWithACertificateForOneName() throws Exception {
        Path dir = Files.createTempDirectory("tether-tls-test");
        Path keystore = dir.resolve("receiver.p12");
        Path cert = dir.resolve("receiver.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "receiver", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=receiver.test", "-ext", "SAN=dns:receiver.test", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "receiver", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-file", cert.toString());

        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setSni(true).setHost("127.0.0.1")
                .setKeyCertOptions(new PfxOptions().setPath(keystore.toString()).setPassword("changeit")))
                .requestHandler(req -> {
                    seen.add(req.connection().indicatedServerName() + " " + req.getHeader("Host"));
                    req.response().setStatusCode(204).end();
                })
                .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // the sender's own client options; only the trust is the test's (the certificate is self-signed)
        client = vertx.createHttpClient(DeliverySender.clientOptions(TIMEOUT, 4)
                .setTrustOptions(new PemTrustOptions().addCertPath(cert.toString())));
    }

    @AfterAll
    static void close() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void connectsToTheVettedAddressWithTheUrlsNameForSniCertificateAndHost() throws Exception {
        int port = server.actualPort();
        int status = post("https://receiver.test:" + port + "/hook");
        assertEquals(204, status);
        assertEquals(List.of("receiver.test receiver.test:" + port), seen);
    }

    @Test
    void theSameAddressUnderANameTheCertificateDoesNotHoldIsRefused() {
        int port = server.actualPort();
        ExecutionException e = assertThrows(ExecutionException.class, () -> post("https://other.test:" + port + "/hook"));
        assertTrue(e.getCause() instanceof javax.net.ssl.SSLException, e.getCause().toString());
    }

    private static int post(String url) throws Exception {
        return client.request(DeliverySender.requestTo(URI.create(url), InetAddress.getByName("127.0.0.1"), TIMEOUT))
                .compose(req -> req.send(Buffer.buffer("{}")))
                .map(response -> response.statusCode())
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }
}

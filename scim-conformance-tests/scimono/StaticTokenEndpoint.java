import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * scimono's compliance launcher authenticates only with Basic or OAuth client credentials, while
 * a SCIM server like Tether hands out a static bearer token. This one-file OAuth token endpoint
 * answers every token request with that static token, so scimono sends "Bearer <token>".
 * Run: java StaticTokenEndpoint.java <port> <scim-token>   (single-file source launch, JDK 11+)
 */
public class StaticTokenEndpoint {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] body = ("{\"access_token\":\"" + args[1] + "\",\"token_type\":\"Bearer\",\"expires_in\":86400}")
                .getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("static OAuth token endpoint on http://127.0.0.1:" + port + "/token");
    }
}

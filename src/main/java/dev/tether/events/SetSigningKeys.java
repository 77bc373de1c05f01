package dev.tether.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.boot.JwtKeyFiles;
import dev.tether.boot.TetherConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The RSA keys that sign Security Event Tokens (RS256) and the JWKS that publishes them.
 * The signing pair lives in a folder (made on first start, like the quick start's JWT keys);
 * further public keys may be listed so receivers keep verifying during a rotation.
 */
@ApplicationScoped
public class SetSigningKeys {

    static final int MIN_BITS = 2048;

    private final PrivateKey signingKey;
    private final String signingKid;
    private final List<RSAPublicKey> published = new ArrayList<>();
    private final ObjectMapper mapper;

    public SetSigningKeys(EventsConfig events, TetherConfig tether, ObjectMapper mapper) {
        this.mapper = mapper;
        Path folder = Path.of(events.ssf().keyFolder().orElse(Path.of(tether.dataDir(), "ssf").toString()));
        try {
            JwtKeyFiles.ensure(folder);
            signingKey = JwtKeyFiles.readPrivateKey(folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE));
            RSAPublicKey signingPublic = JwtKeyFiles.readPublicKey(folder.resolve(JwtKeyFiles.PUBLIC_KEY_FILE));
            published.add(requireStrong(signingPublic));
            for (String extra : events.ssf().additionalPublicKeys().orElse(List.of())) {
                published.add(requireStrong(JwtKeyFiles.readPublicKey(Path.of(extra))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the SET signing keys from " + folder, e);
        }
        signingKid = thumbprint(published.get(0));
    }

    private static RSAPublicKey requireStrong(RSAPublicKey key) {
        if (key.getModulus().bitLength() < MIN_BITS) {
            throw new IllegalStateException("SET signing keys must have at least " + MIN_BITS + " bits");
        }
        return key;
    }

    /** A compact JWS (RS256) of the claims, with the given JOSE {@code typ}. */
    public String sign(ObjectNode claims, String typ) {
        ObjectNode header = mapper.createObjectNode().put("alg", "RS256").put("typ", typ).put("kid", signingKid);
        try {
            String signingInput = base64Url(mapper.writeValueAsBytes(header)) + "."
                    + base64Url(mapper.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(signingKey);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(rsa.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a SET", e);
        }
    }

    public ObjectNode jwks() {
        ObjectNode jwks = mapper.createObjectNode();
        ArrayNode keys = jwks.putArray("keys");
        for (RSAPublicKey key : published) {
            keys.addObject().put("kty", "RSA").put("use", "sig").put("alg", "RS256").put("kid", thumbprint(key))
                    .put("n", base64Url(unsigned(key.getModulus()))).put("e", base64Url(unsigned(key.getPublicExponent())));
        }
        return jwks;
    }

    /** RFC 7638 JWK thumbprint, so a key's id is the same on every replica without coordination. */
    static String thumbprint(RSAPublicKey key) {
        String canonical = "{\"e\":\"" + base64Url(unsigned(key.getPublicExponent())) + "\",\"kty\":\"RSA\",\"n\":\""
                + base64Url(unsigned(key.getModulus())) + "\"}";
        try {
            return base64Url(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

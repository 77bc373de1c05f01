package dev.tether.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.EventsConfig;
import dev.tether.platform.PublicKeyFiles;
import dev.tether.platform.SigningKeyFolder;
import dev.tether.platform.TetherConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RSA keys that sign Security Event Tokens (RS256) and the JWKS that publishes them.
 * The signing pair lives in a folder (made on first start, like the quick start's JWT keys)
 * and is followed as its files change: the next SET after a change is signed with the new
 * pair. The JWKS lists the current key first, then the key this process signed with before
 * the last change (kept until the next change, so a SET signed a moment before a switch still
 * verifies), then the configured additional keys (also re-read), each kid once.
 */
@ApplicationScoped
public class SetSigningKeys {

    private final SigningKeyFolder signing;
    private final PublicKeyFiles additional;
    private final ObjectMapper mapper;

    public SetSigningKeys(EventsConfig events, TetherConfig tether, ObjectMapper mapper) {
        this.mapper = mapper;
        Path folder = Path.of(events.ssf().keyFolder().orElse(Path.of(tether.dataDir(), "ssf").toString()));
        Duration interval = tether.keys().reloadInterval();
        this.signing = SigningKeyFolder.open("SET signing", folder, interval);
        this.additional = events.ssf().additionalPublicKeys()
                .map(files -> PublicKeyFiles.open("the SET additional public keys", files, interval))
                .orElseGet(PublicKeyFiles::none);
    }

    /** A compact JWS (RS256) of the claims, with the given JOSE {@code typ}. */
    public String sign(ObjectNode claims, String typ) {
        SigningKeyFolder.SigningKey key = signing.current();
        ObjectNode header = mapper.createObjectNode().put("alg", "RS256").put("typ", typ).put("kid", key.kid());
        try {
            String signingInput = base64Url(mapper.writeValueAsBytes(header)) + "."
                    + base64Url(mapper.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key.privateKey());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(rsa.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a SET", e);
        }
    }

    /** The keys a receiver may need now: current, the one before it, the additional ones. */
    public List<RSAPublicKey> published() {
        Map<String, RSAPublicKey> byKid = new LinkedHashMap<>();
        RSAPublicKey current = signing.current().publicKey();
        byKid.put(thumbprint(current), current);
        List<RSAPublicKey> earlier = signing.earlier();
        if (!earlier.isEmpty()) {
            byKid.putIfAbsent(thumbprint(earlier.get(0)), earlier.get(0));
        }
        for (RSAPublicKey key : additional.current()) {
            byKid.putIfAbsent(thumbprint(key), key);
        }
        return List.copyOf(byKid.values());
    }

    public ObjectNode jwks() {
        ObjectNode jwks = mapper.createObjectNode();
        ArrayNode keys = jwks.putArray("keys");
        for (RSAPublicKey key : published()) {
            keys.addObject().put("kty", "RSA").put("use", "sig").put("alg", "RS256").put("kid", thumbprint(key))
                    .put("n", base64Url(unsigned(key.getModulus()))).put("e", base64Url(unsigned(key.getPublicExponent())));
        }
        return jwks;
    }

    /** RFC 7638 JWK thumbprint, so a key's id is the same on every replica without coordination. */
    static String thumbprint(RSAPublicKey key) {
        return SigningKeyFolder.kid(key);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

package dev.tether.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checkpoints as compact JWS (RFC 7515) with RS256: header {"alg":"RS256","kid","typ"}, payload
 * the RFC 8785 JSON of {directory, chainLength, headHash, signedAt, previous}. Plain JDK
 * crypto, so the standalone verifier needs nothing else.
 */
public final class CheckpointJws {

    public static final String TYPE = "tether-audit-checkpoint+jws";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    /** What a thumbprint kid looks like; any other kid is not echoed into messages. */
    private static final Pattern SAFE_KID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private CheckpointJws() {
    }

    public static String sign(ObjectNode payload, String kid, PrivateKey key, ObjectMapper mapper) {
        ObjectNode header = mapper.createObjectNode().put("alg", "RS256").put("kid", kid).put("typ", TYPE);
        String signingInput = B64.encodeToString(CanonicalJson.canonicalBytes(header)) + "."
                + B64.encodeToString(CanonicalJson.canonicalBytes(payload));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign checkpoint", e);
        }
    }

    /**
     * The payload if the header is RS256, names by {@code kid} one of the given keys, and that
     * key's signature is good; otherwise an exception says why.
     */
    public static JsonNode verify(String jws, Map<String, ? extends PublicKey> keysByKid, ObjectMapper mapper)
            throws InvalidCheckpointException {
        String[] parts = jws == null ? new String[0] : jws.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidCheckpointException("not a compact JWS");
        }
        try {
            JsonNode header = mapper.readTree(B64D.decode(parts[0]));
            if (!"RS256".equals(header.path("alg").asText())) {
                throw new InvalidCheckpointException("alg must be RS256");
            }
            String kid = header.path("kid").asText(null);
            if (kid == null) {
                throw new InvalidCheckpointException("the JWS header has no kid");
            }
            PublicKey key = keysByKid.get(kid);
            if (key == null) {
                throw new InvalidCheckpointException("signed with an unknown key (kid "
                        + (SAFE_KID.matcher(kid).matches() ? kid : "not a thumbprint") + "), not among the "
                        + keysByKid.size() + " verification key(s)");
            }
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(B64D.decode(parts[2]))) {
                throw new InvalidCheckpointException("signature does not verify");
            }
            return mapper.readTree(B64D.decode(parts[1]));
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            throw new InvalidCheckpointException("malformed JWS: " + e.getMessage());
        }
    }

    /** The keys by their kid (RFC 7638 thumbprint), in the given order. */
    public static Map<String, RSAPublicKey> byKid(Collection<? extends PublicKey> keys, ObjectMapper mapper) {
        Map<String, RSAPublicKey> byKid = new LinkedHashMap<>();
        for (PublicKey key : keys) {
            if (!(key instanceof RSAPublicKey rsa)) {
                throw new IllegalArgumentException("checkpoint keys are RSA keys");
            }
            byKid.putIfAbsent(thumbprint(rsa, mapper), rsa);
        }
        return byKid;
    }

    /** RFC 7638 JWK thumbprint of an RSA key, base64url: the kid of checkpoints signed with it. */
    public static String thumbprint(RSAPublicKey key, ObjectMapper mapper) {
        ObjectNode jwk = mapper.createObjectNode()
                .put("e", B64.encodeToString(unsigned(key.getPublicExponent().toByteArray())))
                .put("kty", "RSA")
                .put("n", B64.encodeToString(unsigned(key.getModulus().toByteArray())));
        return B64.encodeToString(CanonicalJson.sha256().digest(CanonicalJson.canonicalBytes(jwk)));
    }

    /** The public JWK (RFC 7517) of the key, for the JWKS endpoint. */
    public static ObjectNode jwk(RSAPublicKey key, ObjectMapper mapper) {
        return mapper.createObjectNode()
                .put("kty", "RSA")
                .put("use", "sig")
                .put("alg", "RS256")
                .put("kid", thumbprint(key, mapper))
                .put("n", B64.encodeToString(unsigned(key.getModulus().toByteArray())))
                .put("e", B64.encodeToString(unsigned(key.getPublicExponent().toByteArray())));
    }

    public static PublicKey readPublicKeyPem(String pem) throws IOException {
        String body = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("not an X.509 (SubjectPublicKeyInfo) RSA public key PEM", e);
        }
    }

    public static String publicKeyPem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static byte[] unsigned(byte[] twosComplement) {
        if (twosComplement.length > 1 && twosComplement[0] == 0) {
            byte[] out = new byte[twosComplement.length - 1];
            System.arraycopy(twosComplement, 1, out, 0, out.length);
            return out;
        }
        return twosComplement;
    }

    public static class InvalidCheckpointException extends Exception {
        public InvalidCheckpointException(String message) {
            super(message);
        }
    }
}

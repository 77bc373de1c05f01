package dev.tether.console;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * How a subscriber checks that what reaches it came from Tether, as short code in the
 * languages its owners write, with the subscription's own values filled in. Standard Webhooks:
 * HMAC-SHA256 over {@code id.timestamp.body} with the {@code whsec_} secret, the three
 * {@code webhook-*} headers, a five-minute tolerance. SSF: an RS256 SET of type
 * {@code secevent+jwt} whose key is in Tether's JWKS, with our {@code iss} and their {@code aud}.
 * The secret itself is never written into a sample: it is shown once, and samples read it from
 * the environment.
 */
public final class SignatureSamples {

    /** Seconds a webhook's timestamp may be off, either way: what Standard Webhooks libraries use. */
    public static final int TOLERANCE_SECONDS = 300;
    /** Where every sample reads the secret from. */
    public static final String SECRET_VARIABLE = "TETHER_WEBHOOK_SECRET";

    /** One language's code; {@code id} is fit for an HTML id. */
    @TemplateData
    public record Sample(String id, String language, String code) {
    }

    private SignatureSamples() {
    }

    /** Verifying a Standard Webhooks delivery: Node.js, Python, Go, Java, Ruby. */
    public static List<Sample> webhooks() {
        return List.of(
                new Sample("node", "Node.js", """
                        const crypto = require('crypto');

                        const TOLERANCE_SECONDS = %1$d;

                        // headers: lower-case names; rawBody: the body as received, before JSON.parse
                        function verifyTether(headers, rawBody) {
                          const id = headers['webhook-id'];
                          const timestamp = headers['webhook-timestamp'];
                          if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
                          const key = Buffer.from(process.env.%2$s.replace(/^whsec_/, ''), 'base64');
                          const expected = crypto.createHmac('sha256', key)
                            .update(`${id}.${timestamp}.${rawBody}`).digest();
                          return (headers['webhook-signature'] || '').split(' ').some((entry) => {
                            const [version, signature] = entry.split(',');
                            const given = Buffer.from(signature || '', 'base64');
                            return version === 'v1' && given.length === expected.length
                              && crypto.timingSafeEqual(given, expected);
                          });
                        }
                        """.formatted(TOLERANCE_SECONDS, SECRET_VARIABLE)),
                new Sample("python", "Python", """
                        import base64, hashlib, hmac, os, time

                        TOLERANCE_SECONDS = %1$d

                        # headers: lower-case names; raw_body: the bytes as received, before json.loads
                        def verify_tether(headers, raw_body: bytes) -> bool:
                            msg_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
                            if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
                                return False
                            key = base64.b64decode(os.environ["%2$s"].removeprefix("whsec_"))
                            signed = f"{msg_id}.{timestamp}.".encode() + raw_body
                            expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
                            return any(
                                version == "v1" and hmac.compare_digest(signature, expected)
                                for version, _, signature in (e.partition(",") for e in headers["webhook-signature"].split())
                            )
                        """.formatted(TOLERANCE_SECONDS, SECRET_VARIABLE)),
                new Sample("go", "Go", """
                        package tether

                        import (
                        	"crypto/hmac"
                        	"crypto/sha256"
                        	"encoding/base64"
                        	"net/http"
                        	"os"
                        	"strconv"
                        	"strings"
                        	"time"
                        )

                        const toleranceSeconds = %1$d

                        // VerifyTether reports whether body (as received, before decoding) was signed by Tether.
                        func VerifyTether(h http.Header, body []byte) bool {
                        	id, ts := h.Get("webhook-id"), h.Get("webhook-timestamp")
                        	sent, err := strconv.ParseInt(ts, 10, 64)
                        	if err != nil || sent < time.Now().Unix()-toleranceSeconds || sent > time.Now().Unix()+toleranceSeconds {
                        		return false
                        	}
                        	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(os.Getenv("%2$s"), "whsec_"))
                        	if err != nil {
                        		return false
                        	}
                        	mac := hmac.New(sha256.New, key)
                        	mac.Write([]byte(id + "." + ts + "."))
                        	mac.Write(body)
                        	expected := mac.Sum(nil)
                        	for _, entry := range strings.Fields(h.Get("webhook-signature")) {
                        		version, signature, _ := strings.Cut(entry, ",")
                        		given, err := base64.StdEncoding.DecodeString(signature)
                        		if version == "v1" && err == nil && hmac.Equal(given, expected) {
                        			return true
                        		}
                        	}
                        	return false
                        }
                        """.formatted(TOLERANCE_SECONDS, SECRET_VARIABLE)),
                new Sample("java", "Java", """
                        import java.nio.charset.StandardCharsets;
                        import java.security.MessageDigest;
                        import java.util.Base64;
                        import java.util.Map;
                        import javax.crypto.Mac;
                        import javax.crypto.spec.SecretKeySpec;

                        public final class TetherWebhooks {
                            static final long TOLERANCE_SECONDS = %1$d;

                            /** headers: lower-case names; body: the bytes as received, before JSON parsing. */
                            public static boolean verify(Map<String, String> headers, byte[] body) throws Exception {
                                String id = headers.get("webhook-id");
                                String timestamp = headers.get("webhook-timestamp");
                                if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
                                    return false;
                                }
                                byte[] key = Base64.getDecoder().decode(System.getenv("%2$s").replaceFirst("^whsec_", ""));
                                Mac mac = Mac.getInstance("HmacSHA256");
                                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                                mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
                                byte[] expected = mac.doFinal(body);
                                for (String entry : headers.getOrDefault("webhook-signature", "").split(" ")) {
                                    String[] parts = entry.split(",", 2);
                                    if (parts.length == 2 && parts[0].equals("v1")
                                            && MessageDigest.isEqual(Base64.getDecoder().decode(parts[1]), expected)) {
                                        return true;
                                    }
                                }
                                return false;
                            }
                        }
                        """.formatted(TOLERANCE_SECONDS, SECRET_VARIABLE)),
                new Sample("ruby", "Ruby", """
                        require "base64"
                        require "openssl"

                        TOLERANCE_SECONDS = %1$d

                        # headers: a Hash with lower-case names; body: the raw request body
                        def verify_tether(headers, body)
                          id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
                          return false if (Time.now.to_i - timestamp.to_i).abs > TOLERANCE_SECONDS
                          key = Base64.strict_decode64(ENV.fetch("%2$s").delete_prefix("whsec_"))
                          expected = Base64.strict_encode64(OpenSSL::HMAC.digest("SHA256", key, "#{id}.#{timestamp}.#{body}"))
                          headers.fetch("webhook-signature", "").split(" ").any? do |entry|
                            version, signature = entry.split(",", 2)
                            version == "v1" && !signature.nil? && OpenSSL.secure_compare(signature, expected)
                          end
                        end
                        """.formatted(TOLERANCE_SECONDS, SECRET_VARIABLE)));
    }

    /**
     * Verifying an SSF Security Event Token pushed by Tether (RFC 8417, RFC 8935): Node.js
     * (standard library only), Python (PyJWT), Go (golang-jwt and keyfunc), Java (Nimbus
     * JOSE+JWT), Ruby (the jwt gem).
     */
    public static List<Sample> securityEventTokens(String jwksUrl, String issuer, String audience) {
        return List.of(
                new Sample("set-node", "Node.js", """
                        const crypto = require('crypto');

                        const JWKS_URL = %1$s;
                        const ISSUER = %2$s;
                        const AUDIENCE = %3$s;

                        // token: the request body of the push (Content-Type application/secevent+jwt); Node 18+
                        async function verifySet(token) {
                          const [header64, claims64, signature64] = token.split('.');
                          const header = JSON.parse(Buffer.from(header64, 'base64url'));
                          if (header.alg !== 'RS256' || header.typ !== 'secevent+jwt') throw new Error('not a Tether SET');
                          const { keys } = await (await fetch(JWKS_URL)).json();
                          const jwk = keys.find((k) => k.kid === header.kid);
                          if (!jwk) throw new Error('unknown key ' + header.kid);
                          const signed = Buffer.from(`${header64}.${claims64}`);
                          const publicKey = crypto.createPublicKey({ key: jwk, format: 'jwk' });
                          if (!crypto.verify('RSA-SHA256', signed, publicKey, Buffer.from(signature64, 'base64url'))) {
                            throw new Error('bad signature');
                          }
                          const claims = JSON.parse(Buffer.from(claims64, 'base64url'));
                          if (claims.iss !== ISSUER || ![].concat(claims.aud).includes(AUDIENCE)) {
                            throw new Error('wrong iss or aud');
                          }
                          return claims; // jti (dedupe on it), txn, sub_id, events
                        }
                        """.formatted(js(jwksUrl), js(issuer), js(audience))),
                new Sample("set-python", "Python", """
                        import jwt  # pip install "pyjwt[crypto]"

                        JWKS = jwt.PyJWKClient(%1$s)
                        ISSUER = %2$s
                        AUDIENCE = %3$s

                        def verify_set(token: str) -> dict:
                            if jwt.get_unverified_header(token).get("typ") != "secevent+jwt":
                                raise ValueError("not a security event token")
                            key = JWKS.get_signing_key_from_jwt(token).key
                            return jwt.decode(token, key, algorithms=["RS256"], audience=AUDIENCE, issuer=ISSUER,
                                              options={"require": ["iss", "aud", "iat", "jti"]})
                        """.formatted(dq(jwksUrl), dq(issuer), dq(audience))),
                new Sample("set-go", "Go", """
                        package tether

                        import (
                        	"errors"

                        	"github.com/MicahParks/keyfunc/v3"
                        	"github.com/golang-jwt/jwt/v5"
                        )

                        const (
                        	jwksURL  = %1$s
                        	issuer   = %2$s
                        	audience = %3$s
                        )

                        // VerifySET checks a pushed SET; jwks comes from keyfunc.NewDefault([]string{jwksURL}).
                        func VerifySET(jwks keyfunc.Keyfunc, raw string) (jwt.MapClaims, error) {
                        	claims := jwt.MapClaims{}
                        	token, err := jwt.ParseWithClaims(raw, claims, jwks.Keyfunc,
                        		jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(issuer), jwt.WithAudience(audience))
                        	if err != nil {
                        		return nil, err
                        	}
                        	if token.Header["typ"] != "secevent+jwt" {
                        		return nil, errors.New("not a security event token")
                        	}
                        	return claims, nil
                        }
                        """.formatted(dq(jwksUrl), dq(issuer), dq(audience))),
                new Sample("set-java", "Java", """
                        // com.nimbusds:nimbus-jose-jwt
                        import com.nimbusds.jose.JOSEObjectType;
                        import com.nimbusds.jose.JWSAlgorithm;
                        import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
                        import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
                        import com.nimbusds.jose.proc.JWSVerificationKeySelector;
                        import com.nimbusds.jose.proc.SecurityContext;
                        import com.nimbusds.jwt.JWTClaimsSet;
                        import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
                        import com.nimbusds.jwt.proc.DefaultJWTProcessor;
                        import java.net.URL;
                        import java.util.Set;

                        public final class TetherSets {
                            private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

                            public TetherSets() throws Exception {
                                processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("secevent+jwt")));
                                processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                                        JWKSourceBuilder.create(new URL(%1$s)).build()));
                                processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(%3$s,
                                        new JWTClaimsSet.Builder().issuer(%2$s).build(), Set.of("iat", "jti", "events")));
                            }

                            public JWTClaimsSet verify(String token) throws Exception {
                                return processor.process(token, null);
                            }
                        }
                        """.formatted(dq(jwksUrl), dq(issuer), dq(audience))),
                new Sample("set-ruby", "Ruby", """
                        require "json"
                        require "jwt" # gem install jwt
                        require "net/http"

                        JWKS = JWT::JWK::Set.new(JSON.parse(Net::HTTP.get(URI(%1$s))))

                        def verify_set(token)
                          claims, header = JWT.decode(token, nil, true, algorithms: ["RS256"], jwks: JWKS,
                                                      iss: %2$s, verify_iss: true, aud: %3$s, verify_aud: true)
                          raise "not a security event token" unless header["typ"] == "secevent+jwt"
                          claims
                        end
                        """.formatted(rb(jwksUrl), rb(issuer), rb(audience))));
    }

    /** A double-quoted literal that Python, Go and Java read as the same text. */
    static String dq(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c >= 0x20) {
                        out.append(c); // control characters have no place in a URL or an audience
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A single-quoted JavaScript literal. */
    static String js(String value) {
        return "'" + dq(value).substring(1, dq(value).length() - 1).replace("\\\"", "\"").replace("'", "\\'") + "'";
    }

    /** A Ruby double-quoted literal: as {@link #dq}, and no {@code #{} interpolation. */
    static String rb(String value) {
        return dq(value).replace("#", "\\#");
    }
}

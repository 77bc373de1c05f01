"""RS256 compact JWS verification against a JWK Set, Python standard library only.

Used by the native smoke test for SETs (receiver.py) and audit checkpoints.
usage: rs256.py JWKS_URL < token   prints the verified payload (JSON) and exits 0, else exits 1
"""
import base64
import hashlib
import hmac
import json
import sys
import urllib.request

# DER prefix of DigestInfo for SHA-256 (RFC 8017 section 9.2, note 1)
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def rs256_verifies(jwk, signing_input, signature):
    """RSASSA-PKCS1-v1_5 with SHA-256, checked by recomputing the encoded message (RFC 8017 8.2.2)."""
    n = int.from_bytes(b64url(jwk["n"]), "big")
    e = int.from_bytes(b64url(jwk["e"]), "big")
    k = (n.bit_length() + 7) // 8
    s = int.from_bytes(signature, "big")
    if len(signature) != k or s >= n:
        return False
    em = pow(s, e, n).to_bytes(k, "big")
    t = SHA256_DIGEST_INFO + hashlib.sha256(signing_input).digest()
    expected = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
    return hmac.compare_digest(em, expected)


def verify_jws(token, jwks_url):
    """The payload of a compact RS256 JWS whose kid is in the JWKS, else None; also returns the header."""
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(b64url(header_b64))
        if header.get("alg") != "RS256":
            return None, header
        with urllib.request.urlopen(jwks_url, timeout=5) as response:
            keys = json.load(response)["keys"]
        key = next((k for k in keys if k.get("kid") == header.get("kid") and k.get("kty") == "RSA"), None)
        if key is None or not rs256_verifies(key, f"{header_b64}.{payload_b64}".encode(), b64url(signature_b64)):
            return None, header
        return json.loads(b64url(payload_b64)), header
    except ValueError:
        return None, {}


if __name__ == "__main__":
    payload, _ = verify_jws(sys.stdin.read().strip(), sys.argv[1])
    if payload is None:
        sys.exit(1)
    print(json.dumps(payload))

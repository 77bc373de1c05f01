"""A loopback receiver for the native smoke test (Python standard library only).

POST /hooks: a Standard Webhooks delivery. Kept only if `webhook-signature` is the HMAC-SHA256 of
`id.timestamp.body` under the subscription's secret (the file WORK/secret) and the timestamp is fresh.
POST /ssf: an SSF push (RFC 8935) of a SET (RFC 8417). Kept only if its RS256 signature verifies
with the key of its `kid` in Tether's JWKS (TETHER_URL/ssf/jwks.json), `typ` is secevent+jwt and
`aud` is the subscription's audience; answered 202 as RFC 8935 asks.
Verified payloads are appended to WORK/webhooks.jsonl and WORK/sets.jsonl; anything else gets
401 (Tether retries it) and a line in WORK/rejected.log, except a webhook that arrives before the
subscription's secret is written (WORK/secret), which only gets the 401.

usage: receiver.py WORK TETHER_URL   (writes WORK/port once it listens)
"""
import base64
import hashlib
import hmac
import http.server
import json
import os
import sys
import time

from rs256 import verify_jws

WORK, TETHER_URL = sys.argv[1], sys.argv[2]


def keep(name, line):
    with open(os.path.join(WORK, name), "ab") as out:
        out.write(line + b"\n")


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/hooks" and not os.path.exists(os.path.join(WORK, "secret")):
            # A delivery (an audit checkpoint, say) can beat the subscription's answer to this
            # receiver: refuse it without calling it a rejection, Tether retries it.
            self.send_response(401)
        elif self.path == "/hooks" and self.standard_webhook_verifies(body):
            keep("webhooks.jsonl", body)
            self.send_response(204)
        elif self.path == "/ssf" and self.headers.get("Content-Type", "").startswith("application/secevent+jwt"):
            claims, header = verify_jws(body.decode("ascii", "replace"), TETHER_URL + "/ssf/jwks.json")
            audience = open(os.path.join(WORK, "ssf-audience")).read().strip()
            if claims is not None and header.get("typ") == "secevent+jwt" and claims.get("aud") in (audience, [audience]):
                keep("sets.jsonl", json.dumps(claims).encode())
                self.send_response(202)
            else:
                keep("rejected.log", b"ssf " + body[:200])
                self.send_response(401)
        else:
            keep("rejected.log", self.path.encode() + b" " + body[:200])
            self.send_response(401)
        self.end_headers()

    def standard_webhook_verifies(self, body):
        secret = open(os.path.join(WORK, "secret")).read().strip()
        key = base64.b64decode(secret.removeprefix("whsec_"))
        msg_id, timestamp = self.headers.get("webhook-id", ""), self.headers.get("webhook-timestamp", "0")
        signed = f"{msg_id}.{timestamp}.".encode() + body
        expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        fresh = abs(time.time() - int(timestamp)) < 300
        return fresh and any(hmac.compare_digest(expected, s) for s in self.headers.get("webhook-signature", "").split())

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
with open(os.path.join(WORK, "port.tmp"), "w") as f:
    f.write(str(server.server_port))
os.replace(os.path.join(WORK, "port.tmp"), os.path.join(WORK, "port"))
server.serve_forever()

#!/usr/bin/env bash
# Smoke test of a running Tether (written for the native executable; runs against any mode): the
# whole story of a leaver, from SCIM request to verified webhook and verified audit chain.
#   an operator JWT creates a directory and a SCIM token; the IdP looks the user up and pushes it
#   as Entra does, plus an agent; a delegation and a credential are registered; a loopback
#   receiver subscribes twice (Standard Webhooks and SSF); Entra deactivates the user; the
#   receiver verifies the signed credential.revoked both ways; the credential status says
#   revoked; the audit chain verifies, with a checkpoint whose signature checks against the JWKS.
# Also: SCIM discovery, a SCIM error, an admin problem, metrics and OpenAPI answer; a setup link
# and a subscriber-portal link open their server-rendered (Qute) pages.
#
# Needs: curl, openssl, python3 (standard library only), and the server configured with
#   TETHER_URL                      base URL of the server (native-check sets it)
#   TETHER_MANAGEMENT_URL           base URL of its management interface (health, metrics, OpenAPI);
#                                   TETHER_URL when unset
#   TETHER_SMOKE_ADMIN_KEY          PKCS#8 PEM private key whose public key the server verifies admin
#                                   JWTs with (MP_JWT_VERIFY_PUBLICKEY_LOCATION); issuer from
#                                   MP_JWT_VERIFY_ISSUER, default tether
#   server settings                 TETHER_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true (the receiver is on
#                                   loopback); a short TETHER_AUDIT_CHECKPOINT_EVERY (e.g. 1s) so a
#                                   checkpoint is signed within the test
# src/test/native/check sets all of these and runs it against the native executable.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
: "${TETHER_URL:?set TETHER_URL to the server under test}"
: "${TETHER_SMOKE_ADMIN_KEY:?set TETHER_SMOKE_ADMIN_KEY to the admin JWT signing key (see the header)}"
WORK=$(mktemp -d)
RECEIVER_PID=
trap '[ -n "$RECEIVER_PID" ] && kill "$RECEIVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT

step() { echo "smoke: $*"; }
die() { echo "smoke: FAILED: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# call METHOD URL EXPECTED_STATUS [BODY] [TOKEN] [CONTENT_TYPE]: the response body on stdout; any
# other status fails the test with the body
call() {
  local method=$1 url=$2 expected=$3 body=${4:-} token=${5:-} type=${6:-application/json} status
  local args=(-sS -o "$WORK/body" -w '%{http_code}' -X "$method" -H "Accept: */*")
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H "Content-Type: $type" --data-binary "$body")
  status=$(curl "${args[@]}" "$url") || die "$method $url: no answer"
  [ "$status" = "$expected" ] || die "$method $url: $status, expected $expected: $(head -c 600 "$WORK/body")"
  cat "$WORK/body"
}

# An admin JWT (RS256), minted the way an identity provider would, signed with the test's key.
mint() {  # mint ROLE
  local now header claims
  now=$(date +%s)
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  claims=$(printf '{"iss":"%s","sub":"native-smoke","groups":["%s"],"iat":%d,"exp":%d,"jti":"smoke-%s-%d"}' \
    "${MP_JWT_VERIFY_ISSUER:-tether}" "$1" "$now" $((now + 900)) "$1" "$now" | b64url)
  printf '%s.%s.%s' "$header" "$claims" \
    "$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -sign "$TETHER_SMOKE_ADMIN_KEY" -binary | b64url)"
}
OPERATOR=$(mint tether-operator)
AUDITOR=$(mint tether-auditor)

step "health, metrics and OpenAPI on the management interface, not on the public port"
MANAGEMENT=${TETHER_MANAGEMENT_URL:-$TETHER_URL}
call GET "$MANAGEMENT/q/health/ready" 200 > /dev/null
call GET "$MANAGEMENT/q/metrics" 200 | grep -q '^tether_outbox_depth' || die "no tether_ metrics"
call GET "$MANAGEMENT/q/openapi?format=json" 200 | json 'd["info"]["title"]' | grep -qx Tether || die "no OpenAPI document"
if [ "$MANAGEMENT" != "$TETHER_URL" ]; then
  call GET "$TETHER_URL/q/metrics" 404 > /dev/null
fi

step "directory and SCIM token (operator JWT)"
call POST "$TETHER_URL/admin/v1/directories" 401 '{"name":"native smoke"}' > /dev/null
DIRECTORY_ID=$(call POST "$TETHER_URL/admin/v1/directories" 201 '{"name":"native smoke"}' "$OPERATOR" | json 'd["id"]')
ADMIN=$TETHER_URL/admin/v1/directories/$DIRECTORY_ID
problem=$(call POST "$ADMIN/tokens" 400 '{"description":"x","expiresAt":"tomorrow"}' "$OPERATOR")
echo "$problem" | json 'd["status"], d["title"]' > /dev/null || die "an admin error is not problem+json: $problem"
SCIM_TOKEN=$(call POST "$ADMIN/tokens" 201 '{"description":"Entra provisioning"}' "$OPERATOR" | json 'd["token"]')
SCIM=$TETHER_URL/scim/v2/$DIRECTORY_ID
call GET "$ADMIN/audit/verify" 403 '' "$(mint tether-integration)" > /dev/null

step "SCIM discovery and an error in SCIM's format"
call GET "$SCIM/ServiceProviderConfig" 200 '' "$SCIM_TOKEN" | json 'd["patch"]["supported"]' | grep -qx True \
  || die "ServiceProviderConfig"
[ "$(call GET "$SCIM/Schemas" 200 '' "$SCIM_TOKEN" | json 'd["totalResults"]')" -ge 3 ] || die "Schemas"
call GET "$SCIM/ResourceTypes" 200 '' "$SCIM_TOKEN" | grep -q '"Agent"' || die "ResourceTypes has no Agent"
call GET "$SCIM/Users?filter=userName%20eq" 400 '' "$SCIM_TOKEN" | json 'd["scimType"]' | grep -qx invalidFilter \
  || die "a bad filter is not a SCIM invalidFilter error"
call GET "$SCIM/Users" 401 '' "not-a-token" > /dev/null

step "Entra looks the user up, then creates it"
[ "$(call GET "$SCIM/Users?filter=userName+eq+%22ada%40contoso.com%22" 200 '' "$SCIM_TOKEN" \
  | json 'd["totalResults"]')" = 0 ] || die "the lookup found a user in a new directory"
USER_ID=$(call POST "$SCIM/Users" 201 '{
  "schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
  "externalId":"5e7c3a4b-0c1d-4b8e-9f2a-1a2b3c4d5e6f","userName":"ada@contoso.com","active":true,
  "displayName":"Ada Lovelace","name":{"formatted":"Ada Lovelace","familyName":"Lovelace","givenName":"Ada"},
  "emails":[{"primary":true,"type":"work","value":"ada@contoso.com"}],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Research","employeeNumber":"1815"}}' \
  "$SCIM_TOKEN" application/scim+json | json 'd["id"]')
[ "$(call GET "$SCIM/Users?filter=userName+eq+%22ADA%40contoso.com%22" 200 '' "$SCIM_TOKEN" | json 'd["Resources"][0]["id"]')" \
  = "$USER_ID" ] || die "userName is not found case-insensitively"
AGENT_ID=$(call POST "$SCIM/Agents" 201 \
  '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Agent"],"name":"ada-assistant","active":true}' \
  "$SCIM_TOKEN" application/scim+json | json 'd["id"]')

step "delegation and credential"
DELEGATION_ID=$(call POST "$ADMIN/delegations" 201 '{"delegator":{"type":"User","id":"'"$USER_ID"'"},
  "agentId":"'"$AGENT_ID"'","scopes":["mail.read"],"audience":"https://mail.example.com"}' "$OPERATOR" | json 'd["id"]')
CREDENTIAL_ID=$(call POST "$ADMIN/credentials" 201 '{"agentId":"'"$AGENT_ID"'","delegationId":"'"$DELEGATION_ID"'",
  "kind":"api_key","externalId":"key-123","audience":"https://mail.example.com"}' "$OPERATOR" | json 'd["id"]')
[ "$(call GET "$ADMIN/users/$USER_ID/lineage" 200 '' "$OPERATOR" \
  | json 'd["delegations"][0]["agent"]["name"] + " " + d["delegations"][0]["credentials"][0]["id"]')" \
  = "ada-assistant $CREDENTIAL_ID" ] || die "the user's lineage does not show the agent and its credential"
[ "$(call GET "$ADMIN/agents/$AGENT_ID/lineage" 200 '' "$OPERATOR" | json 'd["chains"][0]["rootUserId"]')" = "$USER_ID" ] \
  || die "the agent's lineage does not lead to the user"

step "a loopback receiver subscribes (Standard Webhooks and SSF)"
python3 "$HERE/receiver.py" "$WORK" "$TETHER_URL" & RECEIVER_PID=$!
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || die "the receiver did not start"
HOOKS=http://127.0.0.1:$(cat "$WORK/port")
echo "$HOOKS/ssf" > "$WORK/ssf-audience"
call POST "$TETHER_URL/admin/v1/subscriptions" 201 '{"url":"'"$HOOKS/hooks"'","format":"standard-webhooks"}' "$OPERATOR" \
  | json 'd["secret"]' > "$WORK/secret.tmp"
mv "$WORK/secret.tmp" "$WORK/secret"
call POST "$TETHER_URL/admin/v1/subscriptions" 201 '{"url":"'"$HOOKS/ssf"'","format":"ssf"}' "$OPERATOR" > /dev/null
call GET "$TETHER_URL/.well-known/ssf-configuration" 200 | json 'd["jwks_uri"]' | grep -q '/ssf/jwks.json$' \
  || die "SSF transmitter metadata"

step "the paged admin lists"
call GET "$TETHER_URL/admin/v1/directories?limit=5" 200 '' "$OPERATOR" | json 'd[0]["scimBaseUrl"]' | grep -q '/scim/v2/' \
  || die "the directory list"
call GET "$ADMIN/tokens" 200 '' "$OPERATOR" | json 'd[0]["description"]' | grep -qx 'Entra provisioning' || die "the token list"
call GET "$ADMIN/credentials?agentId=$AGENT_ID" 200 '' "$OPERATOR" | json 'd[0]["externalId"]' | grep -qx key-123 \
  || die "the credential list"
call GET "$TETHER_URL/admin/v1/subscriptions" 200 '' "$OPERATOR" | json 'len(d)' | grep -qx 2 || die "the subscription list"

step "a setup link and a subscriber-portal link open their server-rendered pages"
# page URL EXPECTED_TEXT: a browser-like GET with this test's cookie jar; 200 and the text, or fail
page() {
  local status
  status=$(curl -sS -o "$WORK/page" -w '%{http_code}' -b "$WORK/cookies" -c "$WORK/cookies" "$1") || die "GET $1: no answer"
  [ "$status" = 200 ] || die "GET $1: $status: $(head -c 600 "$WORK/page")"
  grep -qF "$2" "$WORK/page" || die "GET $1 does not show '$2': $(head -c 600 "$WORK/page")"
}
SETUP=$(call POST "$ADMIN/setup-links" 201 '{"expiresIn":"PT1H","idp":"okta"}' "$OPERATOR")
page "$(echo "$SETUP" | json 'd["url"]')" "/setup/$(echo "$SETUP" | json 'd["id"]')"
page "$TETHER_URL/setup/$(echo "$SETUP" | json 'd["id"]')" "/scim/v2/$DIRECTORY_ID"
HOOKS_SUBSCRIPTION=$(call GET "$TETHER_URL/admin/v1/subscriptions" 200 '' "$OPERATOR" \
  | json '[s["id"] for s in d if s["format"] == "standard-webhooks"][0]')
PORTAL=$(call POST "$TETHER_URL/admin/v1/subscriptions/$HOOKS_SUBSCRIPTION/portal-links" 201 '{"expiresIn":3600}' "$OPERATOR")
page "$(echo "$PORTAL" | json 'd["url"]')" "/portal/$(echo "$PORTAL" | json 'd["id"]')"
page "$TETHER_URL/portal/$(echo "$PORTAL" | json 'd["id"]')" "$HOOKS/hooks"

step "Entra deactivates the user"
call PATCH "$SCIM/Users/$USER_ID" 200 '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations":[{"op":"Replace","path":"active","value":"False"}]}' "$SCIM_TOKEN" application/scim+json \
  | json 'd["active"]' | grep -qx False || die "the user is still active"

step "the receiver verifies the signed credential.revoked"
CREDENTIAL_CHANGE=https://schemas.openid.net/secevent/caep/event-type/credential-change
for _ in $(seq 150); do
  grep -q '"credential.revoked"' "$WORK/webhooks.jsonl" 2>/dev/null && grep -q '"change_type": "revoke"' "$WORK/sets.jsonl" 2>/dev/null && break
  sleep 0.2
done
[ -f "$WORK/rejected.log" ] && die "the receiver rejected deliveries: $(cat "$WORK/rejected.log")"
grep '"credential.revoked"' "$WORK/webhooks.jsonl" 2>/dev/null | json '(d["type"], d["data"]["credential"]["id"], d["data"]["reason"])' \
  | grep -qx "('credential.revoked', '$CREDENTIAL_ID', 'leaver')" || die "no verified credential.revoked webhook"
python3 -c '
import json, sys
sets = [json.loads(line) for line in open(sys.argv[1])]
revoked = [s for s in sets if s["events"].get(sys.argv[2], {}).get("change_type") == "revoke"]
assert revoked, "no credential-change revoke SET"
assert revoked[0]["sub_id"]["tenant"]["id"] == sys.argv[3], revoked[0]["sub_id"]
' "$WORK/sets.jsonl" "$CREDENTIAL_CHANGE" "$DIRECTORY_ID" || die "no verified credential-change SET"
call POST "$ADMIN/credentials/status" 200 '{"credentials":[{"audience":"https://mail.example.com","externalId":"key-123"}]}' \
  "$OPERATOR" | json '[(c["active"], c["reason"]) for c in d["credentials"]]' | grep -qx "\[(False, 'leaver')\]" \
  || die "the credential is not reported revoked"

SUBSCRIPTION_ID=$(call GET "$TETHER_URL/admin/v1/subscriptions" 200 '' "$OPERATOR" | json 'd[0]["id"]')
call GET "$TETHER_URL/admin/v1/subscriptions/$SUBSCRIPTION_ID/deliveries" 200 '' "$OPERATOR" \
  | json 'sorted({x["status"] for x in d})' | grep -q succeeded || die "the delivery list shows no success"

step "the audit chain verifies, with a signed checkpoint"
call GET "$ADMIN/audit/trail/users/$USER_ID" 200 '' "$AUDITOR" | json '" ".join(r["record"]["action"] for r in d["records"])' \
  | grep -q 'credential.revoke' || die "the user's audit trail does not show the cascade"
RECORDS=$(call GET "$ADMIN/audit?count=1000" 200 '' "$AUDITOR" | json 'len(d["records"])')
for _ in $(seq 150); do   # the sealer links records every second; a checkpoint follows (checkpoint-every)
  verify=$(call GET "$ADMIN/audit/verify" 200 '' "$AUDITOR")
  echo "$verify" | json "d['ok'] and d.get('signedThrough', 0) >= $RECORDS" | grep -qx True && break
  sleep 0.2
done
echo "$verify" | json "d['ok'] and d.get('signedThrough', 0) >= $RECORDS" | grep -qx True \
  || die "the audit chain of $RECORDS records does not verify up to a signed checkpoint: $verify"
call GET "$ADMIN/audit/export" 200 '' "$AUDITOR" > "$WORK/audit.jsonl"
python3 -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
jws = [l["jws"] for l in lines if l.get("type") == "checkpoint"]
assert jws, "no checkpoint in the export"
print(jws[-1])
' "$WORK/audit.jsonl" | python3 "$HERE/rs256.py" "$TETHER_URL/admin/v1/audit/jwks.json" > "$WORK/checkpoint.json" \
  || die "the last checkpoint's signature does not verify with /admin/v1/audit/jwks.json"

echo "smoke: passed (directory $DIRECTORY_ID, audit $verify)"

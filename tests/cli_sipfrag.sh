#!/usr/bin/env bash
# TAP: `sipwire sipfrag` and `sipwire notify-refer` against golden files,
# the RFC 3420 corpus and the DESIGN.md exit-code contract (0 ok, 1 input
# rejected with one JSON object, 2 usage).
# usage: cli_sipfrag.sh SIPWIRE
set -u
sw=$1
gold="$SW_SOURCE_ROOT/tests/golden/sipfrag"
ex="$SW_CORPUS/examples"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sw-cli-sipfrag.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
same() { cmp -s "$1" "$2" && echo 0 || echo 1; }

"$sw" sipfrag --status 200 >"$tmp/a"
ok "$(same "$tmp/a" "$gold/status-200.frag")" "RFC 3515 §2.4.5 --status 200 matches status-200.frag"
"$sw" sipfrag --status 400 --header 'Warning: 399 atlanta.com Your Event header field was malformed' >"$tmp/a"
ok "$(same "$tmp/a" "$gold/status-400-warning.frag")" "RFC 3420 §3.1 --status 400 --header Warning"
printf 'Hi There!\r\n' >"$tmp/body"
"$sw" sipfrag --status 200 --reason OK --body-file "$tmp/body" --content-type text/plain >"$tmp/a"
ok "$(same "$tmp/a" "$gold/status-text-body.frag")" "RFC 3420 §2 --body-file with --content-type"
"$sw" sipfrag --request 'INVITE sip:alice@atlanta.com' >"$tmp/a"
ok "$(same "$tmp/a" "$gold/request-invite.frag")" "RFC 3420 §3.1 --request writes a request line"

for f in "$ex"/rfc3420-valid-*.sip "$ex"/rfc3515-sipfrag-*.sip; do
	out=$("$sw" sipfrag --parse "$f"); rc=$?
	bl=$(printf '%s' "$out" | jq -r .body_length 2>/dev/null)
	ok "$([ $rc = 0 ] && [ -n "$bl" ] && [ "$bl" != null ] && echo 0 || echo 1)" \
		"--parse $(basename "$f"): exit 0, JSON with body_length"
done
for f in "$ex"/rfc3420-invalid-*.sip; do
	out=$("$sw" sipfrag --parse "$f"); rc=$?
	e=$(printf '%s' "$out" | jq -r '.error + " " + (.offset|tostring)' 2>/dev/null)
	ok "$([ $rc = 1 ] && [ -n "$e" ] && echo 0 || echo 1)" "--parse $(basename "$f"): exit 1, rejection ($e)"
done
out=$("$sw" sipfrag --parse "$ex/rfc3420-valid-4-400-with-warning.sip")
ok "$([ "$(printf '%s' "$out" | jq -r '[.kind, .status, .reason, .headers[0].name, .content_length] | map(tostring) | join("|")')" = "response|400|Bad Request|Warning|null" ] && echo 0 || echo 1)" \
	"--parse JSON: kind, status, reason, headers, content_length"
out=$("$sw" sipfrag --status 700); rc=$?
ok "$([ $rc = 1 ] && [ "$(printf '%s' "$out" | jq -r .error)" = range ] && echo 0 || echo 1)" "--status 700 is rejected (exit 1, range)"
"$sw" sipfrag --status abc 2>/dev/null; rc=$?
ok "$([ $rc = 2 ] && echo 0 || echo 1)" "--status abc is a usage error"
"$sw" sipfrag --body-file "$tmp/body" 2>/dev/null; rc=$?
ok "$([ $rc = 2 ] && echo 0 || echo 1)" "--body-file without --content-type is a usage error"

"$sw" notify-refer --refer "$ex/rfc3515-f1-refer.sip" --status 200 --state terminated \
	--local agentb.atlanta.example.com --user b --branch z9hG4bK9323394234 --tag 4992881234 \
	--cseq 1993403 >"$tmp/a"
ok "$(same "$tmp/a" "$gold/notify-refer-f5.sip")" "RFC 3515 §4.1 F5 rebuilt from F1 by notify-refer"
"$sw" notify-refer --refer "$ex/rfc3515-f7-refer.sip" --status 200 --state terminated \
	--local agentb.atlanta.example.com --user b --branch z9hG4bK2994a93eb-fe --cseq 1993405 >"$tmp/a"
ok "$(same "$tmp/a" "$gold/notify-refer-f11.sip")" "RFC 3515 §4.2 F11 (Event id) rebuilt from F7"
"$sw" notify-refer --refer "$ex/rfc3515-f1-refer.sip" --status 200 --state maybe 2>/dev/null; rc=$?
ok "$([ $rc = 2 ] && echo 0 || echo 1)" "--state maybe is a usage error"
out=$("$sw" notify-refer --refer "$ex/rfc3515-f3-notify-100-trying.sip" --status 200 --state active); rc=$?
ok "$([ $rc = 1 ] && [ "$(printf '%s' "$out" | jq -r .error)" = inval ] && echo 0 || echo 1)" \
	"a NOTIFY given as --refer is rejected (exit 1, inval)"
# the policy through `sipwire rewrite` (the same option sipwire-dp takes)
in="$gold/rewrite-notify-in.sip"
"$sw" rewrite --direction core --sipfrag-headers Retry-After "$in" >"$tmp/a"
ok "$(same "$tmp/a" "$gold/rewrite-notify-core.sip")" \
	"rewrite --direction core --sipfrag-headers Retry-After: status line and Retry-After only"
"$sw" rewrite --direction access --sipfrag-headers Retry-After "$in" >"$tmp/a"
ok "$(same "$tmp/a" "$in")" "rewrite --direction access: the NOTIFY passes unchanged"
"$sw" rewrite --direction core "$in" >"$tmp/a"
ok "$(same "$tmp/a" "$in")" "rewrite without --sipfrag-headers: the policy is off"
"$sw" rewrite --direction core --sipfrag-headers 'Bad Name' "$in" >/dev/null 2>&1; rc=$?
ok "$([ $rc = 2 ] && echo 0 || echo 1)" "--sipfrag-headers 'Bad Name' is a usage error"
sed 's/^SIP\/2.0 503 Service Unavailable\r$/SIP\/2.0 503\r/; s/Content-Length: 180/Content-Length: 160/' "$in" >"$tmp/bad"
out=$("$sw" rewrite --direction core --sipfrag-headers Retry-After "$tmp/bad"); rc=$?
ok "$([ $rc = 1 ] && [ -n "$(printf '%s' "$out" | jq -r .error)" ] && echo 0 || echo 1)" \
	"an invalid sipfrag body is reported (exit 1, $(printf '%s' "$out" | jq -r .error))"
echo "1..$n"

#!/usr/bin/env bash
# reginfo_cli.sh SIPWIRE CORPUS_DIR: TAP test of `sipwire reginfo` against
# the CLI contract (DESIGN.md): exit 0 / 1 with one rejection JSON object /
# 2 on usage errors.
set -u
cli=$1 corpus=$2
ex=$corpus/reginfo/examples
n=0
t() { # t WHY EXPECTED_RC GREP_PATTERN CMD...
	local why=$1 want=$2 pat=$3 out rc
	shift 3
	out=$("$@" 2>/dev/null)
	rc=$?
	n=$((n + 1))
	if [ "$rc" -eq "$want" ] && { [ -z "$pat" ] || printf '%s' "$out" | grep -q -- "$pat"; }; then
		echo "ok $n - $why"
	else
		echo "not ok $n - $why (exit $rc)"
		printf '%s\n' "$out" | head -5 | sed 's/^/# /'
	fi
}
t "--parse RFC 5628 §7 sample: JSON view" 0 '"first_cseq": 54301' \
	"$cli" reginfo --parse "$ex/rfc5628-sec7-sample.xml"
t "--parse from stdin" 0 '"state": "partial"' \
	sh -c "\"$cli\" reginfo --parse - < \"$ex/rfc3680-sec6-notify-7-partial.xml\""
t "--canon RFC 3680 §5.3: q as 0.8" 0 'q="0.8"' \
	"$cli" reginfo --canon "$ex/rfc3680-sec5.3-example.xml"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sw-ricli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$cli" reginfo --canon "$ex/rfc5628-sec8.2-notify-body.xml" >"$tmp/c1.xml"
"$cli" reginfo --canon "$tmp/c1.xml" >"$tmp/c2.xml"
n=$((n + 1))
if cmp -s "$tmp/c1.xml" "$tmp/c2.xml" && [ -s "$tmp/c1.xml" ]; then
	echo "ok $n - canon(canon(x)) == canon(x) through the CLI"
else
	echo "not ok $n - canon is not idempotent through the CLI"
fi
printf '<!DOCTYPE r [<!ENTITY a "b">]><r/>' >"$tmp/dtd.xml"
t "DOCTYPE rejected: exit 1, error xml" 1 '^{"error":"xml","offset":[0-9]*,"detail":"DOCTYPE' \
	"$cli" reginfo --parse "$tmp/dtd.xml"
printf '<reginfo xmlns="urn:ietf:params:xml:ns:reginfo" version="0" state="full"><registration aor="a" id="1" state="active"><contact id="1" state="active" event="shortened"><uri>sip:x</uri></contact></registration></reginfo>' >"$tmp/short.xml"
t "--canon of shortened without expires: exit 1, error state" 1 '"error":"state"' \
	"$cli" reginfo --canon "$tmp/short.xml"
t "--parse of the same document: accepted (the MUST binds the writer)" 0 '"event": "shortened"' \
	"$cli" reginfo --parse "$tmp/short.xml"
t "usage error: exit 2" 2 '' "$cli" reginfo --bogus x
t "--from-register with a non-2xx pairing: exit 1, error state" 1 '"error":"state"' \
	"$cli" reginfo --from-register "$corpus/examples/rfc3680-f5-register.sip" \
	--response "$corpus/examples/rfc3327-register-f9-200-p1-to-ua1.sip"
t "--version must be a number: exit 2" 2 '' \
	"$cli" reginfo --from-register "$corpus/examples/rfc5628-sec8.2-register.sip" \
	--response "$corpus/examples/rfc5628-sec8.2-200-ok-path-service-route-gruu.sip" --version x
echo "1..$n"

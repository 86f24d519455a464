#!/usr/bin/env bash
# TAP: `sipwire bench` keeps its contract (DESIGN.md): --iterations N with
# N=0 parsing nothing (bench/callgrind.sh subtracts that run), a figure per
# file, --parse-only for the parse alone, exit 1 with one JSON object for a
# rejected file, 2 for usage errors.
# usage: cli_bench.sh SIPWIRE
set -u
sw=$1
b="$SW_CORPUS/bench/a_register_path.sip"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sw-cli-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

out=$("$sw" bench --iterations 0 "$b"); rc=$?
ok "$([ $rc = 0 ] && [ "$out" = "$b: 903 bytes, 0 iterations" ] && echo 0 || echo 1)" \
	"--iterations 0 loads the file and parses nothing"
out=$("$sw" bench --iterations 50 "$b"); rc=$?
ok "$([ $rc = 0 ] && printf '%s' "$out" | grep -Eq 'ns/message, [0-9.]+ MB/s$' && echo 0 || echo 1)" \
	"--iterations 50: ns/message and MB/s"
out=$("$sw" bench --iterations 50 --parse-only "$b" "$SW_CORPUS/bench/b_200ok_svcroute.sip"); rc=$?
ok "$([ $rc = 0 ] && [ "$(printf '%s\n' "$out" | grep -c 'ns/message')" = 2 ] && echo 0 || echo 1)" \
	"--parse-only: one line per file"
printf 'OPTIONS sip:a@b SIP/2.0\r\nCSeq: x OPTIONS\r\n\r\n' >"$tmp/bad.sip"
out=$("$sw" bench --iterations 5 "$tmp/bad.sip" 2>/dev/null); rc=$?
ok "$([ $rc = 1 ] && [ "$(printf '%s' "$out" | jq -r .error)" = malformed ] && echo 0 || echo 1)" \
	"rejected file: exit 1 and the error as JSON"
"$sw" bench --iterations x "$b" >/dev/null 2>&1; rc=$?
ok "$([ $rc = 2 ] && echo 0 || echo 1)" "--iterations without a number: exit 2"
"$sw" bench --parse-only >/dev/null 2>&1; rc=$?
ok "$([ $rc = 2 ] && echo 0 || echo 1)" "no file: exit 2"
echo "1..$n"

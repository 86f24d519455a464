#!/usr/bin/env bash
# TAP: every request the NOTIFY/SUBSCRIBE builders produce, wrapped in a UDP
# pcap by text2pcap, is read by tshark's SIP dissector with no malformed
# packet and no warning, as the right method, with the Content-Length and
# (for REFER progress) the message/sipfrag status line sipwire meant.
# usage: tshark_notify.sh DUMP_NOTIFY SIPWIRE
set -u
dump=$1 sipwire=$2
if ! command -v tshark >/dev/null || ! command -v text2pcap >/dev/null; then
	echo "1..0 # SKIP tshark/text2pcap not installed"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sw-tshark.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

"$dump" "$tmp"
ok $? "dump_notify wrote the builder outputs"
# the CLI path too: RFC 3515 §4.1 F1 REFER -> NOTIFY 200 terminated
"$sipwire" notify-refer --refer "$SW_CORPUS/examples/rfc3515-f1-refer.sip" --status 200 \
	--state terminated --local 192.0.2.1:5060 --cseq 9 >"$tmp/cli-notify-refer.sip"
ok $? "sipwire notify-refer built a NOTIFY"
printf 'NOTIFY\t16\tSIP/2.0 200 OK\n' >"$tmp/cli-notify-refer.expect"

for f in "$tmp"/*.sip; do
	name=$(basename "$f" .sip)
	od -Ax -tx1 -v "$f" | text2pcap -q -u 5060,5060 -4 192.0.2.1,192.0.2.2 - "$tmp/$name.pcap" 2>/dev/null
	bad=$(tshark -n -r "$tmp/$name.pcap" -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE \
		-Y '_ws.malformed || _ws.expert.severity >= "Warning" || ip.checksum.status == "Bad" || udp.checksum.status == "Bad"' 2>/dev/null)
	ok "$([ -z "$bad" ] && echo 0 || echo 1)" "$name: tshark finds nothing malformed"
	seen=$(tshark -n -r "$tmp/$name.pcap" -T fields -E separator=/t -e sip.Method \
		-e sip.Content-Length -e sipfrag.line 2>/dev/null)
	want=$(cat "$tmp/$name.expect")
	ok "$([ "$seen" = "$want" ] && echo 0 || echo 1)" "$name: tshark sees '$want' (got '$seen')"
done
echo "1..$n"

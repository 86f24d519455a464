#!/usr/bin/env bash
# sipwire-dp rewrites exactly what `sipwire rewrite` writes: the corpus and
# golden-input messages, each in its own UDP frame, go through the worker
# (one port, --direction given) with five sets of policy options; every
# output payload must be byte-identical to `sipwire rewrite` on the same
# message with the same options (the input itself when the CLI rejects it:
# the worker then forwards it unchanged).
DP=$1 MKPCAP=$2 SW=$3
. "$(dirname "$0")/lib.sh"
dp_can_run
have tshark || skip_all "tshark not installed"
have jq || skip_all "jq not installed"
[ -x "$MKPCAP" ] || skip_all "mkpcap not built (libpcap missing)"
[ -x "$SW" ] || skip_all "sipwire CLI not built"
root=$(cd "$(dirname "$0")/../.." && pwd)
KEY=000102030405060708090a0b0c0d0e0f

msgs=()
for f in "$SW_CORPUS"/bench/*.sip "$SW_CORPUS"/examples/rfc3327-*.sip "$SW_CORPUS"/examples/rfc3608-*.sip \
	"$SW_CORPUS"/examples/rfc3515-f1-refer.sip "$SW_CORPUS"/examples/rfc3515-f7-refer.sip \
	"$SW_CORPUS"/examples/rfc4488-*.sip "$SW_CORPUS"/examples/rfc5628-*.sip \
	"$SW_CORPUS"/examples/rfc3680-*.sip \
	"$root"/tests/golden/policy/in/*.sip "$root"/tests/golden/sipfrag/rewrite-notify-in.sip; do
	# frames that would need fragmenting after a rewrite are left to dp-pcap.sh
	[ -f "$f" ] && [ "$(wc -c <"$f")" -lt 1300 ] && msgs+=("$f")
done
[ ${#msgs[@]} -gt 20 ] || skip_all "corpus messages not found under $SW_CORPUS"
for f in "${msgs[@]}"; do echo "file=$f src=192.0.2.10 sport=5060"; done | "$MKPCAP" "$WORK/in.pcap" 2>/dev/null

# run NAME DIRECTION OPTIONS...: one worker run, one CLI run per message
run() {
	local name=$1 dir=$2 i=0 bad=0 first="" hex want
	shift 2
	dp_run "$name" $(dp_eal) -l 0 --vdev=net_pcap0,rx_pcap="$WORK/in.pcap",tx_pcap="$WORK/$name.pcap" -- \
		--max-packets ${#msgs[@]} --duration 20 --direction "$dir" "$@"
	ok $? "$name: sipwire-dp exit 0 (${#msgs[@]} messages)"
	mapfile -t got < <(tshark_field "$WORK/$name.pcap" udp udp.payload)
	for f in "${msgs[@]}"; do
		if "$SW" rewrite --direction "$dir" --src 192.0.2.10:5060/udp "$@" "$f" >"$WORK/want" 2>/dev/null; then
			want=$(od -An -v -tx1 "$WORK/want" | tr -d ' \n')
		else
			want=$(od -An -v -tx1 "$f" | tr -d ' \n')
		fi
		hex=${got[$i]:-}
		if [ "$hex" != "$want" ]; then
			bad=$((bad + 1))
			[ -n "$first" ] || first=$(basename "$f")
		fi
		i=$((i + 1))
	done
	ok $bad "$name: every payload = sipwire rewrite --direction $dir $* ($bad differ${first:+, first: $first})"
	check "$name: something was rewritten" test "$(jq_get "$name" .counters.rewritten)" -gt 0
}

run path access --path "sip:sbc.example.net;lr" --path-ob --refer-sub strip
run flow access --path "sip:sbc.example.net;lr" --flow-key $KEY --refer-sub suppress
run sr core --service-route "prepend:sip:sbc-core.example.net;lr" --strip-path-echo \
	--sipfrag-headers Retry-After
run hostmap core --reginfo-host-map pc34.example.com=edge.example.net,192.0.2.44=203.0.113.44 \
	--sipfrag-headers Retry-After,Warning
check "hostmap: the reginfo rewriter and the sipfrag sanitiser both fired" \
	test "$(jq_get hostmap '.counters.rw_reginfo > 0 and .counters.rw_sipfrag > 0')" = true
run hide core --service-route "replace:sip:sbc-core.example.net;lr" --flow-key $KEY --strip-path-echo
tap_end

#!/usr/bin/env bash
# sipwire-dp while it runs: counters through DPDK telemetry (/sipwire/stats
# answers with the same names as --stats-json), and a graceful stop on
# SIGINT / SIGTERM with the accounting still exact.
DP=$1 MKPCAP=$2
. "$(dirname "$0")/lib.sh"
dp_can_run
have jq || skip_all "jq not installed"
[ -x "$MKPCAP" ] || skip_all "mkpcap not built (libpcap missing)"
echo "file=$SW_CORPUS/bench/a_register_path.sip repeat=64" | "$MKPCAP" "$WORK/reg.pcap" 2>/dev/null
stop_on() { # stop_on SIGNAL: the worker stops, prints its summary, exits 0
	local sig=$1 pid rc
	"$DP" $(dp_eal) -l 0 --vdev=net_pcap0,rx_pcap="$WORK/reg.pcap",infinite_rx=1 \
		--vdev=net_null0,no-rx=1 -- --stats-interval 0.5 --stats-json "$WORK/$sig.json" \
		>"$WORK/$sig.log" 2>&1 &
	pid=$!
	sleep 1.5
	kill -s "$sig" "$pid"
	wait "$pid"
	rc=$?
	ok $rc "$sig: graceful stop, exit 0"
	check "$sig: summary printed, progress lines before it" \
		sh -c "grep -q 'sipwire-dp summary' '$WORK/$sig.log' && grep -q 'Mpps' '$WORK/$sig.log'"
	check "$sig: accounting exact and every mbuf back after the stop" \
		test "$(jq '.accounting_ok and .mempool_ok and .counters.rx > 0' "$WORK/$sig.json")" = true
}
stop_on INT
stop_on TERM

# checksum offload path: the tap PMD offers IPv4/UDP checksum offload (and
# computes them when asked), so rewritten frames sent to a tap port leave
# with only the pseudo-header sum from sipwire-dp; the kernel side of the
# tap must see correct checksums
offload() {
	local ifc=swdp$$ pid i
	have tcpdump && have tshark && [ -w /dev/net/tun ] && [ "$(id -u)" -eq 0 ] ||
		{ skip "checksum offload: needs root, /dev/net/tun, tcpdump, tshark"; return; }
	echo "file=$SW_CORPUS/bench/a_register_path.sip repeat=16" | "$MKPCAP" "$WORK/reg16.pcap" 2>/dev/null
	"$DP" $(dp_eal) -l 0 --vdev=net_pcap0,rx_pcap="$WORK/reg16.pcap",infinite_rx=1 \
		--vdev=net_tap0,iface=$ifc -- --duration 6 --stats-interval 0 \
		--path "sip:sbc.example.net;lr" --stats-json "$WORK/tap.json" >"$WORK/tap.log" 2>&1 &
	pid=$!
	for i in $(seq 50); do ip link show "$ifc" >/dev/null 2>&1 && break; sleep 0.1; done
	ip link set "$ifc" up 2>/dev/null
	timeout 4 tcpdump -i "$ifc" -c 100 -w "$WORK/tap.pcap" -Z root udp >/dev/null 2>&1
	wait "$pid"
	if ! grep -q 'port 1 (core): MTU [0-9]*, checksums offloaded' "$WORK/tap.log"; then
		skip "checksum offload: the tap port did not offer it here"
		return
	fi
	check "checksum offload: rewritten frames seen on the tap with good checksums" \
		sh -c "[ \$(tshark -n -r '$WORK/tap.pcap' -Y 'sip.Path contains \"sbc.example.net\"' 2>/dev/null | wc -l) -gt 10 ] &&
		       [ -z \"\$(tshark -n -r '$WORK/tap.pcap' -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE \
			 -Y 'ip.checksum.status == \"Bad\" || udp.checksum.status == \"Bad\"' 2>/dev/null)\" ]"
	check "checksum offload: accounting and mempool" \
		test "$(jq '.accounting_ok and .mempool_ok' "$WORK/tap.json")" = true
}
offload

if ! have dpdk-telemetry.py; then
	skip "dpdk-telemetry.py (dpdk package) not installed"
	tap_end
	exit
fi
prefix=swtel$$
# telemetry needs EAL's runtime directory: no --no-telemetry here, and a
# private --file-prefix so parallel runs do not meet
timeout 60 "$DP" --no-huge -m 512 --no-pci --no-shconf -l 0 --log-level=warning --file-prefix "$prefix" \
	--vdev=net_pcap0,rx_pcap="$WORK/reg.pcap",infinite_rx=1 --vdev=net_null0,no-rx=1 -- \
	--duration 4 --stats-interval 0 --stats-json "$WORK/tel.json" >"$WORK/tel.log" 2>&1 &
dp=$!
got=""
for _ in 1 2 3 4 5 6; do
	sleep 0.5
	got=$(echo /sipwire/stats | timeout 5 dpdk-telemetry.py -f "$prefix" 2>/dev/null | grep '^{' | tail -1)
	[ -n "$got" ] && break
done
wait "$dp"
rc=$?
[ $rc -eq 0 ] || sed 's/^/# /' "$WORK/tel.log" | tail -5
ok $rc "worker with telemetry: exit 0"
rm -rf "/var/run/dpdk/$prefix"
check "/sipwire/stats answered during the run" test -n "$got"
check "/sipwire/stats shows received and parsed packets" \
	test "$(echo "$got" | jq '."/sipwire/stats" | .rx > 0 and .sip_parsed > 0')" = true
check "/sipwire/stats has the same counters as --stats-json" \
	test "$(echo "$got" | jq -c '."/sipwire/stats" | keys')" = "$(jq -c '.counters | keys' "$WORK/tel.json")"
tap_end

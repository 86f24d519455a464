#!/usr/bin/env bash
# sipwire-dp on pcaps built from the corpus (make-pcaps.sh): one port, two
# ports (bump in the wire) and two lcores. Each run must exit 0 (accounting
# rule and mempool check passed), its counters must match what the pcap
# holds, and tshark must find nothing malformed and no bad IP/UDP checksum
# in what it transmits.
DP=$1 MKPCAP=$2
. "$(dirname "$0")/lib.sh"
dp_can_run
have tshark || skip_all "tshark not installed"
have jq || skip_all "jq not installed"
have tcpdump || skip_all "tcpdump not installed"
[ -x "$MKPCAP" ] || skip_all "mkpcap not built (libpcap missing)"
P=$WORK/p
"$(dirname "$0")/make-pcaps.sh" "$MKPCAP" "$SW_CORPUS" "$P" 2>"$WORK/mk.log" ||
	{ echo "Bail out! make-pcaps.sh failed: $(cat "$WORK/mk.log")"; exit 1; }
EAL=$(dp_eal)
ALL=$(frames "$P/all.pcap")

# counters NAME "k=v k=v ...": each counter of run NAME has the given value
counters() {
	local name=$1 kv k v got bad=""
	for kv in $2; do
		k=${kv%%=*} v=${kv#*=}
		got=$(jq_get "$name" ".counters.$k")
		[ "$got" = "$v" ] || bad="$bad $k=$got(want $v)"
	done
	[ -z "$bad" ] || { echo "#$bad"; return 1; }
}
accounted() { [ "$(jq_get "$1" '.accounting_ok and .mempool_ok')" = true ]; }
# hexdump of every frame without timestamps, to compare pcaps byte for byte
hex() { tcpdump -n -t -xx -r "$1" 2>/dev/null | grep -v '^[^	 ]'; }
same_bytes() { diff <(hex "$1") <(hex "$2") >/dev/null; }

# --- one port, --policy none: the plain forward loop changes nothing
dp_run fwd $EAL -l 0 --vdev=net_pcap0,rx_pcap="$P/all.pcap",tx_pcap="$WORK/fwd.pcap" -- \
	--policy none --max-packets "$ALL" --duration 20
ok $? "one port, --policy none: exit 0"
check "one port, --policy none: accounting and mempool" accounted fwd
check "one port, --policy none: rx = tx = $ALL" counters fwd "rx=$ALL tx=$ALL sip_parsed=0"
check "one port, --policy none: output byte-identical to input" same_bytes "$P/all.pcap" "$WORK/fwd.pcap"

# --- one port, full pipeline, malformed forwarded
dp_run one $EAL -l 0 --vdev=net_pcap0,rx_pcap="$P/all.pcap",tx_pcap="$WORK/one.pcap" -- \
	--max-packets "$ALL" --duration 20
ok $? "one port: exit 0"
check "one port: accounting and mempool" accounted one
check "one port: classification counters" counters one \
	"rx=$ALL sip_parsed=12 malformed=2 bad_frame=3 passthrough_non_sip=2 frag_in=2 reassembled=1 frag_merged=1 drop_frag=0"
check "one port: over-MTU NOTIFY fragmented on output" counters one "fragmented=1 frag_created=1"
check "one port: frames in output = tx" test "$(frames "$WORK/one.pcap")" = "$(jq_get one .counters.tx)"
check "one port: the fragmented REGISTER leaves whole and parsed" \
	test "$(tshark_field "$WORK/one.pcap" 'sip.Method == "REGISTER" && udp.srcport == 49156 && ip.flags.mf == 0' frame.number | wc -l)" = 1

# --- one port, --drop-malformed: what leaves is clean
dp_run onedrop $EAL -l 0 --vdev=net_pcap0,rx_pcap="$P/all.pcap",tx_pcap="$WORK/onedrop.pcap" -- \
	--max-packets "$ALL" --duration 20 --drop-malformed
ok $? "one port --drop-malformed: exit 0"
check "one port --drop-malformed: accounting and mempool" accounted onedrop
check "one port --drop-malformed: 2 malformed SIP + 3 bad frames dropped" counters onedrop "drop_malformed=5"
check "one port --drop-malformed: tshark finds nothing malformed, checksums good" tshark_clean "$WORK/onedrop.pcap"

# --- two ports: port 0 access, port 1 core
dp_run two $EAL -l 0 --vdev=net_pcap0,rx_pcap="$P/access.pcap",tx_pcap="$WORK/to-access.pcap" \
	--vdev=net_pcap1,rx_pcap="$P/core.pcap",tx_pcap="$WORK/to-core.pcap" -- \
	--max-packets "$ALL" --duration 20 --drop-malformed
ok $? "two ports: exit 0"
check "two ports: accounting and mempool" accounted two
check "two ports: what came from access leaves to the core" \
	test "$(tshark_field "$WORK/to-core.pcap" 'udp && sip.Method == "REGISTER"' frame.number | wc -l)" = 6
check "two ports: what came from the core leaves to access" \
	test "$(tshark_field "$WORK/to-access.pcap" 'sip.Status-Code == 200' frame.number | wc -l)" = 2
check "two ports: nothing from access leaves to access" \
	test "$(tshark_field "$WORK/to-access.pcap" 'sip.Method == "REGISTER"' frame.number | wc -l)" = 0
check "two ports: to-core clean in tshark" tshark_clean "$WORK/to-core.pcap"
check "two ports: to-access clean in tshark" tshark_clean "$WORK/to-access.pcap"

# --- two ports with every header policy: the values tshark's SIP dissector sees
POL=(--path "sip:sbc.example.net;lr" --service-route "prepend:sip:sbc-core.example.net;lr"
	--refer-sub strip --strip-path-echo)
dp_run pol $EAL -l 0 --vdev=net_pcap0,rx_pcap="$P/access.pcap",tx_pcap="$WORK/pol-to-access.pcap" \
	--vdev=net_pcap1,rx_pcap="$P/core.pcap",tx_pcap="$WORK/pol-to-core.pcap" -- \
	--max-packets "$ALL" --duration 20 --drop-malformed "${POL[@]}"
ok $? "policies: exit 0"
check "policies: accounting and mempool" accounted pol
# 6 UDP REGISTERs (plain, 802.1Q, QinQ, IPv6, reassembled, near-MTU) take the Path;
# 2 200 OKs get the Service-Route and lose the Path echo; the REFER loses Refer-Sub
check "policies: per-policy counters" counters pol \
	"rewritten=9 rw_path=6 rw_service_route=2 rw_path_strip=2 rw_refer_sub=1 no_room=0 policy_error=0"
check "policies: near-MTU REGISTER grew past 1500 and left as IPv4 fragments" counters pol "fragmented=2"
want_path='<sip:sbc.example.net;lr>,<sip:term@p2.visit.net;lr>,<sip:edge1@p1.visit.net;lr;ob>, <sip:fe7a@10.20.0.5:5070;lr>'
check "policies: RFC 3327 §5.2 every UDP REGISTER to the core has the SBC Path on top" \
	test "$(tshark_field "$WORK/pol-to-core.pcap" 'udp && sip.Method == "REGISTER"' sip.Path | sort -u)" = "$want_path"
check "policies: 6 REGISTERs with the SBC Path (VLAN, QinQ, IPv6, reassembled, fragmented included)" \
	test "$(tshark_field "$WORK/pol-to-core.pcap" 'sip.Path contains "sbc.example.net"' frame.number | wc -l)" = 6
check "policies: RFC 3327 §5.2 Require: path added" \
	test "$(tshark_field "$WORK/pol-to-core.pcap" 'udp && sip.Method == "REGISTER"' sip.Require | sort -u)" = path
want_sr='<sip:sbc-core.example.net;lr>,<sip:orig@scscf1.home.example.net:5060;lr>,<sip:orig-app@as7.home.example.net;lr>'
check "policies: RFC 3608 Service-Route prepended on the 200 OKs to access" \
	test "$(tshark_field "$WORK/pol-to-access.pcap" 'sip.Status-Code == 200' sip.Service-Route | sort -u)" = "$want_sr"
check "policies: Path echo stripped from the 200 OKs to access" \
	test -z "$(tshark_field "$WORK/pol-to-access.pcap" 'sip.Status-Code == 200' sip.Path | tr -d '\n')"
check "policies: RFC 4488 Refer-Sub stripped from the REFER" \
	test -z "$(tshark_field "$WORK/pol-to-core.pcap" 'sip.Method == "REFER"' sip.Refer-Sub | tr -d '\n')"
check "policies: INVITE untouched" test "$(tshark_field "$WORK/pol-to-core.pcap" 'sip.Method == "INVITE"' sip.Path | tr -d '\n')" = ""
check "policies: to-core clean in tshark" tshark_clean "$WORK/pol-to-core.pcap"
check "policies: to-access clean in tshark" tshark_clean "$WORK/pol-to-access.pcap"

# --- reg-event mirror: a NOTIFY to the collector for every 2xx to REGISTER
dp_run re $EAL -l 0 --vdev=net_pcap0,rx_pcap="$P/access.pcap",tx_pcap="$WORK/re-to-access.pcap" \
	--vdev=net_pcap1,rx_pcap="$P/core.pcap",tx_pcap="$WORK/re-to-core.pcap" -- \
	--max-packets "$ALL" --duration 20 --drop-malformed "${POL[@]}" --reg-event-to 203.0.113.9:5070
ok $? "reg-event mirror: exit 0"
check "reg-event mirror: accounting and mempool (generated frames apart)" accounted re
check "reg-event mirror: one NOTIFY per 2xx to REGISTER, transmitted" \
	counters re "generated=2 generated_dropped=0 reg_event_miss=0 reg_event_fail=0"
check "reg-event mirror: the NOTIFYs go out of the core port to the collector" \
	test "$(tshark_field "$WORK/re-to-core.pcap" 'sip.Method == "NOTIFY" && ip.dst == 203.0.113.9 && udp.dstport == 5070 && sip.Event == "reg"' frame.number | wc -l)" = 2
check "reg-event mirror: RFC 3680 §4.2 one dialog, CSeq and version going up by one" \
	test "$(tshark_field "$WORK/re-to-core.pcap" 'sip.Method == "NOTIFY"' sip.Call-ID | sort -u | wc -l)/$(tshark_field "$WORK/re-to-core.pcap" 'sip.Method == "NOTIFY"' sip.CSeq.seq | tr '\n' ' ')" = "1/1 2 "
if notify_bodies "$WORK/re-to-core.pcap" "$WORK/re-body" && can_validate_reginfo; then
	check "reg-event mirror: reginfo bodies valid against the RFC 3680/5628 schemas (xmllint)" \
		reginfo_valid "$WORK"/re-body-*.xml
	check "reg-event mirror: versions 0 and 1, full state, Alice's contact" \
		sh -c "grep -q 'version=\"0\" state=\"full\"' '$WORK/re-body-1.xml' && grep -q 'version=\"1\"' '$WORK/re-body-2.xml' && grep -q '<uri>sip:alice@192.0.2.44:49152;ob</uri>' '$WORK/re-body-1.xml'"
else
	skip "xmllint or the reginfo schemas not available"
fi
check "reg-event mirror: to-core clean in tshark" tshark_clean "$WORK/re-to-core.pcap"

# --- reg-event mirror on two lcores: each lcore its own dialog and versions
dp_run re2 $EAL -l 0,1 \
	--vdev=net_pcap0,rx_pcap="$P/all.pcap",rx_pcap="$P/all.pcap",tx_pcap="$WORK/re2-q0.pcap",tx_pcap="$WORK/re2-q1.pcap" -- \
	--max-packets $((2 * ALL)) --duration 20 --direction core --reg-event-to 203.0.113.9:5070
ok $? "reg-event, two lcores: exit 0"
check "reg-event, two lcores: accounting and mempool" accounted re2
dialog() { # dialog PCAP: "Call-ID CSeq CSeq" of its NOTIFYs
	echo "$(tshark_field "$1" 'sip.Method == "NOTIFY" && udp.dstport == 5070' sip.Call-ID | sort -u | tr '\n' ' ')$(tshark_field "$1" 'sip.Method == "NOTIFY" && udp.dstport == 5070' sip.CSeq.seq | tr '\n' ' ')"
}
d0=$(dialog "$WORK/re2-q0.pcap") d1=$(dialog "$WORK/re2-q1.pcap")
check "reg-event, two lcores: each queue carries one dialog with CSeq 1 2 ($d0| $d1)" \
	sh -c "echo '$d0' | grep -Eq '^regmirror-[0-9]+-[0-9a-f]+@sipwire.invalid 1 2 \$' && echo '$d1' | grep -Eq '^regmirror-[0-9]+-[0-9a-f]+@sipwire.invalid 1 2 \$'"
check "reg-event, two lcores: the two dialogs differ" test "${d0%% *}" != "${d1%% *}"

# --- no room: a REGISTER filling a 2 KiB data room cannot take a Path
dp_run noroom $EAL -l 0 --vdev=net_pcap0,rx_pcap="$P/huge.pcap",tx_pcap="$WORK/noroom.pcap" -- \
	--max-packets 1 --duration 20 --mbuf-size 2048 --path "sip:sbc.example.net;lr"
ok $? "no room: exit 0"
check "no room: accounting and mempool" accounted noroom
check "no room: counted, nothing rewritten" counters noroom "no_room=1 rewritten=0 sip_parsed=1"
check "no room: forwarded unchanged (split to the 1500-byte MTU, reassembles to the same bytes)" \
	test "$(tshark_field "$WORK/noroom.pcap" 'sip.Method == "REGISTER"' sip.Path)" = \
	"$(tshark_field "$P/huge.pcap" 'sip.Method == "REGISTER"' sip.Path)"

# --- a datagram rebuilt from fragments that no mbuf can hold in one piece
dp_run jumbo $EAL -l 0 --vdev=net_pcap0,rx_pcap="$P/jumbo.pcap",tx_pcap="$WORK/jumbo.pcap" -- \
	--max-packets 5 --duration 20 --path "sip:sbc.example.net;lr"
ok $? "6 KB REGISTER in 5 fragments: exit 0"
check "6 KB REGISTER: accounting and mempool" accounted jumbo
check "6 KB REGISTER: rebuilt, counted no_room, split again on output" \
	counters jumbo "frag_in=5 reassembled=1 frag_merged=4 no_room=1 fragmented=1 frag_created=4 tx=5"
check "6 KB REGISTER: the output reassembles to the same message" \
	test "$(tshark_field "$WORK/jumbo.pcap" 'sip.Method == "REGISTER"' sip.Call-ID)" = "a84b4c76e66710@192.0.2.44"
check "6 KB REGISTER: output clean in tshark" tshark_clean "$WORK/jumbo.pcap"

# --- IPv6: a REGISTER that a Path pushes past the MTU leaves as IPv6 fragments
dp_run big6 $EAL -l 0 --vdev=net_pcap0,rx_pcap="$P/big6.pcap",tx_pcap="$WORK/big6.pcap" -- \
	--max-packets 1 --duration 20 --path "sip:sbc.example.net;lr"
ok $? "IPv6 near-MTU REGISTER: exit 0"
check "IPv6 near-MTU REGISTER: accounting and mempool" accounted big6
check "IPv6 near-MTU REGISTER: rewritten and split in two (RFC 8200 §4.5)" \
	counters big6 "rewritten=1 fragmented=1 frag_created=1 over_mtu=0 tx=2"
check "IPv6 near-MTU REGISTER: tshark reassembles it with the SBC Path on top" \
	test "$(tshark_field "$WORK/big6.pcap" 'sip.Method == "REGISTER"' sip.Path | cut -d, -f1)" = "<sip:sbc.example.net;lr>"
check "IPv6 near-MTU REGISTER: clean in tshark" tshark_clean "$WORK/big6.pcap"

# --- IPv6 fragments: reassembled, rewritten, sent whole (it now fits the MTU)
dp_run frag6 $EAL -l 0 --vdev=net_pcap0,rx_pcap="$P/frag6.pcap",tx_pcap="$WORK/frag6.pcap" -- \
	--max-packets 3 --duration 20 --path "sip:sbc.example.net;lr"
ok $? "IPv6 REGISTER in 3 fragments: exit 0"
check "IPv6 REGISTER in 3 fragments: accounting and mempool" accounted frag6
check "IPv6 REGISTER in 3 fragments: reassembled and rewritten" \
	counters frag6 "frag_in=3 reassembled=1 frag_merged=2 rewritten=1 ipv6_frag_passthrough=0 tx=1"
check "IPv6 REGISTER in 3 fragments: one frame out, SBC Path on top, clean" \
	sh -c "[ \"\$(tshark -n -r '$WORK/frag6.pcap' -Y 'sip.Method == \"REGISTER\" && !ipv6.fragment' -T fields -e sip.Path 2>/dev/null | cut -d, -f1)\" = '<sip:sbc.example.net;lr>' ]"
check "IPv6 REGISTER in 3 fragments: clean in tshark" tshark_clean "$WORK/frag6.pcap"

# --- two lcores: one queue pair each (net_pcap: one queue per rx_pcap file)
ACC=$(frames "$P/access.pcap")
CORE=$(frames "$P/core.pcap")
dp_run two_lcores $EAL -l 0,1 \
	--vdev=net_pcap0,rx_pcap="$P/access.pcap",rx_pcap="$P/core.pcap",tx_pcap="$WORK/q0.pcap",tx_pcap="$WORK/q1.pcap" -- \
	--max-packets "$ALL" --duration 20 --drop-malformed
ok $? "two lcores: exit 0"
check "two lcores: accounting and mempool" accounted two_lcores
check "two lcores: each lcore served its own queue" \
	test "$(jq_get two_lcores '[.per_lcore[].counters.rx] | join(",")')" = "$ACC,$CORE"
check "two lcores: queue 0 output clean" tshark_clean "$WORK/q0.pcap"
check "two lcores: queue 1 output clean" tshark_clean "$WORK/q1.pcap"

# --- 20,000 distinct REGISTER / 200 OK / REFER packets
dp_run mix $EAL -l 0 --vdev=net_pcap0,rx_pcap="$P/mix.pcap",tx_pcap="$WORK/mix-out.pcap" -- \
	--max-packets 20000 --duration 60
ok $? "20,000-packet mix: exit 0"
check "20,000-packet mix: all parsed, accounting and mempool" \
	sh -c "[ \"\$(jq -r '.counters.sip_parsed == 20000 and .accounting_ok and .mempool_ok' '$WORK/mix.json')\" = true ]"
check "20,000-packet mix: tshark clean" tshark_clean "$WORK/mix-out.pcap"

# --- UDP checksums after a rewrite (docs/dpdk-app.md, "UDP checksums"):
# updated from the received one (RFC 1624), so right stays right and a
# datagram corrupted on the way keeps a wrong checksum (the receiver drops
# it as it would have dropped the original); IPv4 without checksum gets one
dp_run csum $EAL -l 0 --vdev=net_pcap0,rx_pcap="$P/csum.pcap",tx_pcap="$WORK/csum.pcap" -- \
	--max-packets 7 --duration 20 --path "sip:sbc.example.net;lr" --refer-sub strip
ok $? "checksums: exit 0"
check "checksums: all 7 rewritten (Path, Refer-Sub strip)" counters csum "rewritten=7 tx=7"
check "checksums: right -> right, none -> computed, wrong -> still wrong (IPv4, IPv6, REGISTER, REFER)" \
	test "$(tshark -n -r "$WORK/csum.pcap" -o udp.check_checksum:TRUE -T fields -e udp.srcport \
		-e udp.checksum.status 2>/dev/null | tr '\t\n' ': ')" = \
	"49180:1 49181:1 49182:0 49183:1 49184:0 49185:1 49186:0 "
check "checksums: every REGISTER has the SBC Path on top" \
	test "$(tshark_field "$WORK/csum.pcap" 'sip.Method == "REGISTER"' sip.Path | cut -d, -f1 | sort -u)" = \
	"<sip:sbc.example.net;lr>"

# --- a public capture of mixed real traffic (Wireshark sample, 691 frames)
REAL=$SW_CORPUS/pcaps/wireshark-sample-aaa.pcap
if [ -f "$REAL" ]; then
	N=$(frames "$REAL")
	dp_run real $EAL -l 0 --vdev=net_pcap0,rx_pcap="$REAL",tx_pcap="$WORK/real.pcap" -- \
		--max-packets "$N" --duration 20
	ok $? "wireshark sample ($N frames): exit 0"
	check "wireshark sample: accounting and mempool" accounted real
	check "wireshark sample: SIP found among the other traffic" \
		test "$(jq_get real .counters.sip_parsed)" -gt 0
	check "wireshark sample: no policy configured, output byte-identical" same_bytes "$REAL" "$WORK/real.pcap"
else
	skip "corpus capture wireshark-sample-aaa.pcap not found"
fi
tap_end

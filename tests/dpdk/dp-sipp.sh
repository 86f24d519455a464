#!/usr/bin/env bash
# sipwire-dp on real traffic: a SIPp REGISTER load (UAC and UAS on loopback)
# captured with tcpdump, checksums fixed (loopback captures carry
# offload-pending UDP checksums), replayed through the worker; the output
# must be clean in tshark and fully accounted.
DP=$1
. "$(dirname "$0")/lib.sh"
have sipp || skip_all "sipp not installed"
have tcpdump || skip_all "tcpdump not installed"
have tcprewrite || skip_all "tcprewrite (tcpreplay) not installed"
have tshark || skip_all "tshark not installed"
have jq || skip_all "jq not installed"
[ "$(id -u)" -eq 0 ] || skip_all "capturing on lo needs root"
dp_can_run
S=$(dirname "$0")/sipp
CALLS=100
PORT_UAS=15060 PORT_UAC=15070

timeout 30 tcpdump -i lo -B 131072 -c $((CALLS * 2)) -Z root -w "$WORK/raw.pcap" \
	"udp port $PORT_UAS" >"$WORK/tcpdump.log" 2>&1 &
tcpd=$!
sleep 1
timeout 30 sipp -sf "$S/register-uas.xml" -i 127.0.0.1 -p $PORT_UAS -m $CALLS -nostdin \
	-trace_err -error_file "$WORK/uas.err" >/dev/null 2>&1 &
uas=$!
sleep 0.5
timeout 30 sipp -sf "$S/register-uac.xml" 127.0.0.1:$PORT_UAS -i 127.0.0.1 -p $PORT_UAC \
	-m $CALLS -r 50 -timeout 25s -timeout_error -recv_timeout 5000 \
	-trace_err -error_file "$WORK/uac.err" >"$WORK/uac.log" 2>&1
ok $? "sipp: $CALLS REGISTER/200 transactions on loopback"
wait "$tcpd"
kill "$uas" 2>/dev/null # ends by itself after $CALLS calls; this is only for a failed run
wait "$uas" 2>/dev/null
tcprewrite --fixcsum -i "$WORK/raw.pcap" -o "$WORK/cap.pcap" 2>"$WORK/tcprewrite.log"
N=$(frames "$WORK/cap.pcap")
check "capture holds $((CALLS * 2)) frames" test "$N" = $((CALLS * 2))

dp_run sipp $(dp_eal) -l 0 --vdev=net_pcap0,rx_pcap="$WORK/cap.pcap",tx_pcap="$WORK/out.pcap" -- \
	--sip-ports $PORT_UAS --max-packets "$N" --duration 20
ok $? "sipwire-dp on the capture: exit 0"
check "all $N frames parsed as SIP, accounting and mempool" \
	test "$(jq_get sipp ".counters.sip_parsed == $N and .accounting_ok and .mempool_ok")" = true
check "output clean in tshark" tshark_clean "$WORK/out.pcap"
check "every REGISTER and every 200 still there" \
	test "$(tshark_field "$WORK/out.pcap" 'sip.Method == "REGISTER" || sip.Status-Code == 200' frame.number | wc -l)" = "$N"

# one port carries both directions here: REGISTERs as seen from access,
# then the 200 OKs as seen from the core, each in its own run
dp_run acc $(dp_eal) -l 0 --vdev=net_pcap0,rx_pcap="$WORK/cap.pcap",tx_pcap="$WORK/acc.pcap" -- \
	--sip-ports $PORT_UAS --max-packets "$N" --duration 20 --direction access \
	--path "sip:sbc.example.net;lr"
ok $? "access direction with --path: exit 0"
check "every sipp REGISTER got the SBC Path on top (RFC 3327 §5.2)" \
	test "$(tshark_field "$WORK/acc.pcap" 'sip.Method == "REGISTER"' sip.Path | grep -c '^<sip:sbc.example.net;lr>,<sip:edge1@127.0.0.1')" = "$CALLS"
check "access direction: output clean in tshark" tshark_clean "$WORK/acc.pcap"
dp_run core $(dp_eal) -l 0 --vdev=net_pcap0,rx_pcap="$WORK/cap.pcap",tx_pcap="$WORK/core.pcap" -- \
	--sip-ports $PORT_UAS --max-packets "$N" --duration 20 --direction core \
	--service-route "prepend:sip:sbc-core.example.net;lr" --strip-path-echo \
	--reg-event-to 127.0.0.1:15099
ok $? "core direction with --service-route prepend: exit 0"
check "every sipp 200 OK got the SBC Service-Route first (RFC 3608)" \
	test "$(tshark_field "$WORK/core.pcap" 'sip.Status-Code == 200' sip.Service-Route | grep -c '^<sip:sbc-core.example.net;lr>,<sip:orig@scscf1')" = "$CALLS"
check "core direction: counters and accounting" \
	test "$(jq_get core ".counters.rw_service_route == $CALLS and .counters.rw_path_strip == $CALLS and .accounting_ok and .mempool_ok")" = true
check "core direction: output clean in tshark" tshark_clean "$WORK/core.pcap"
check "reg-event mirror on the sipp load: one NOTIFY per 200 OK, versions 0..$((CALLS - 1)) in one dialog" \
	test "$(jq_get core ".counters.generated == $CALLS and .counters.reg_event_miss == 0")/$(tshark_field "$WORK/core.pcap" 'sip.Method == "NOTIFY" && udp.dstport == 15099' sip.CSeq.seq | tail -1)" = "true/$CALLS"
if notify_bodies "$WORK/core.pcap" "$WORK/notify" && can_validate_reginfo; then
	check "reg-event mirror on the sipp load: all $CALLS reginfo bodies schema-valid (xmllint)" \
		reginfo_valid "$WORK"/notify-*.xml
else
	skip "no NOTIFY bodies, or xmllint / the reginfo schemas not available"
fi
tap_end

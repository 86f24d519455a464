#!/usr/bin/env bash
# sipwire-dp option handling: every bad option exits 2 with a message that
# names it, before EAL starts (so no device is touched); --help exits 0.
DP=$1
. "$(dirname "$0")/lib.sh"
[ -x "$DP" ] || skip_all "sipwire-dp not built"

bad() { # bad DESCRIPTION WANT-IN-MESSAGE ARGS...
	local d=$1 want=$2 out rc
	shift 2
	out=$("$DP" --no-huge -m 64 --no-pci --no-shconf -l 0 -- "$@" 2>&1)
	rc=$?
	if [ $rc -eq 2 ] && echo "$out" | grep -q -- "$want" && ! echo "$out" | grep -q '^EAL:'; then
		ok 0 "$d"
	else
		ok 1 "$d (rc $rc: $(echo "$out" | head -2 | tr '\n' ' '))"
	fi
}

bad "unknown option" "unknown option" --frobnicate
bad "--duration needs a number" "--duration" --duration soon
bad "--duration 0 is not a bound" "--duration" --duration 0
bad "--max-packets 0" "--max-packets" --max-packets 0
bad "--max-packets negative" "--max-packets" --max-packets -5
bad "--sip-ports with a zero port" "--sip-ports" --sip-ports 0
bad "--sip-ports above 65535" "--sip-ports" --sip-ports 70000
bad "--sip-ports reversed range" "--sip-ports" --sip-ports 5070-5060
bad "--policy other than none|full" "--policy" --policy some
bad "--direction other than access|core" "--direction" --direction up
bad "--stats-interval negative" "--stats-interval" --stats-interval -1
bad "--mbuf-size too small for a rewrite" "--mbuf-size" --mbuf-size 100
bad "--reg-event-to without a port" "--reg-event-to" --reg-event-to 192.0.2.1
bad "--reg-event-to with a host name" "--reg-event-to" --reg-event-to collector.example.net:5060
bad "--reg-event-to IPv6 without brackets" "--reg-event-to" --reg-event-to 2001:db8::1:5060
bad "--reg-event-to port 0" "--reg-event-to" --reg-event-to 192.0.2.1:0
bad "policy option with a bad value (sw_policy_set)" "--refer-sub" --refer-sub maybe
bad "--path that is not a SIP URI" "--path" --path "http://x"
bad "--service-route replace needs --flow-key (sw_policy_check)" "do not fit together" \
	--service-route "replace:sip:sbc.example.net;lr"
bad "--policy none with policy options" "--policy none" --policy none --path "sip:sbc.example.net;lr"
bad "stray argument" "unexpected argument" stray
bad "missing value" "missing value" --duration

help_ok() { # help_ok DESCRIPTION ARGS...: exit 0 and the usage text on stdout
	local d=$1 out rc
	shift
	out=$("$DP" "$@" 2>/dev/null)
	rc=$?
	if [ $rc -eq 0 ] && echo "$out" | grep -q -- '--sip-ports' && echo "$out" | grep -q -- '--stats-json'; then
		ok 0 "$d"
	else
		ok 1 "$d (rc $rc)"
	fi
}
help_ok "--help without EAL arguments exits 0 and lists the options" --help
help_ok "--help after -- exits 0 before EAL" --no-huge -- --help
tap_end

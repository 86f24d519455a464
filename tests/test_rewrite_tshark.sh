#!/bin/sh
# `sipwire rewrite` output checked by an independent SIP dissector: each
# rewritten message is wrapped in a UDP/IPv4 pcap (text2pcap) and read by
# tshark, which must report no malformed packet and no expert warning, and
# whose sip.Path / sip.Service-Route / sip.Refer-Sub fields must show the
# expected values. TAP output; skipped when tshark or text2pcap is absent.
#
# usage: test_rewrite_tshark.sh SIPWIRE CORPUS_DIR SOURCE_ROOT

SIPWIRE=$1
CORPUS=$2
ROOT=$3
KEY=000102030405060708090a0b0c0d0e0f
SBC='sip:sbc.example.net;lr'

if ! command -v tshark >/dev/null 2>&1 || ! command -v text2pcap >/dev/null 2>&1; then
	echo "1..0 # SKIP tshark/text2pcap not installed (package tshark, wireshark-common)"
	exit 0
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
n=0
failed=0

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# check NAME FIELD WANT(glob) INPUT OPTIONS...
check() {
	name=$1 field=$2 want=$3 input=$4
	shift 4
	if ! "$SIPWIRE" rewrite "$@" "$input" >"$TMP/$name.sip" 2>"$TMP/err"; then
		ok 1 "$name: sipwire rewrite failed: $(cat "$TMP/$name.sip" "$TMP/err")"
		return
	fi
	od -Ax -tx1 -v "$TMP/$name.sip" |
		text2pcap -q -u 5060,5060 -4 192.0.2.1,192.0.2.2 - "$TMP/$name.pcap" 2>/dev/null
	bad=$(tshark -n -r "$TMP/$name.pcap" -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE \
		-Y '_ws.malformed || _ws.expert.severity >= "Warning" || ip.checksum.status == "Bad" || udp.checksum.status == "Bad"' 2>/dev/null)
	[ -z "$bad" ]
	ok $? "$name: tshark sees a well-formed SIP message, no expert warning"
	got=$(tshark -n -r "$TMP/$name.pcap" -T fields -e "$field" 2>/dev/null)
	case "$got" in
	$want) ok 0 "$name: $field = $got" ;;
	*) ok 1 "$name: $field = '$got', want '$want'" ;;
	esac
}

EX=$CORPUS/examples
BN=$CORPUS/bench
IN=$ROOT/tests/golden/policy/in

check path_bench sip.Path "<$SBC>,<sip:term@p2.visit.net;lr>,<sip:edge1@p1.visit.net;lr;ob>, <sip:fe7a@10.20.0.5:5070;lr>" \
	"$BN/a_register_path.sip" --direction access --path "$SBC"
check path_flow sip.Path "<sip:??????????????????????@sbc.example.net;lr>" \
	"$EX/rfc3327-register-f1-register-ua1-to-p1.sip" --direction access --path "$SBC" \
	--flow-key $KEY --src 192.0.2.4:5060/udp
check path_ipv6_ob sip.Path "<sip:*@\[2001:db8::1\]:5060;lr;ob>" \
	"$IN/reg_ipv6.sip" --direction access --path "sip:[2001:db8::1]:5060;lr" --path-ob \
	--flow-key $KEY --src "[2001:db8::4]:5060/udp"
check path_require sip.Require "path" \
	"$EX/rfc3327-register-f2-register-p1-to-p2.sip" --direction access --path "$SBC"
check sr_replace sip.Service-Route "<$SBC;swrs=*>" \
	"$BN/b_200ok_svcroute.sip" --direction core --flow-key $KEY --service-route "replace:$SBC"
check sr_prepend sip.Service-Route "<$SBC>,<sip:orig@scscf1.home.example.net:5060;lr>,<sip:orig-app@as7.home.example.net;lr>" \
	"$BN/b_200ok_svcroute.sip" --direction core --service-route "prepend:$SBC"
check sr_quoted sip.Service-Route "<$SBC;swrs=*>" \
	"$IN/ok_sr_quoted.sip" --direction core --flow-key $KEY --service-route "replace:$SBC"
check path_strip sip.Path "" \
	"$BN/b_200ok_svcroute.sip" --direction core --strip-path-echo
check refer_suppress sip.Refer-Sub "false" \
	"$EX/rfc3515-f1-refer.sip" --direction access --refer-sub suppress
check refer_strip sip.Refer-Sub "" \
	"$BN/c_refer_norefersub.sip" --direction access --refer-sub strip
check refer_strip_supported sip.Supported "replaces, timer" \
	"$BN/c_refer_norefersub.sip" --direction access --refer-sub strip

echo "1..$n"
[ "$failed" = 0 ]

# shellcheck shell=bash
# TAP helpers and sipwire-dp runners shared by tests/dpdk/*.sh.
#   DP      path of sipwire-dp      MKPCAP  path of mkpcap
#   SW_CORPUS (set by meson)        WORK    scratch directory (made here)

tap_n=0 tap_fail=0
ok() { # ok STATUS DESCRIPTION...
	local st=$1
	shift
	tap_n=$((tap_n + 1))
	if [ "$st" -eq 0 ]; then echo "ok $tap_n - $*"; else echo "not ok $tap_n - $*"; tap_fail=$((tap_fail + 1)); fi
}
check() { # check DESCRIPTION CMD...: ok when CMD succeeds
	local d=$1
	shift
	if "$@"; then ok 0 "$d"; else ok 1 "$d"; fi
}
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $*"; }
tap_end() { echo "1..$tap_n"; [ "$tap_fail" -eq 0 ]; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
have() { command -v "$1" >/dev/null 2>&1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sipwire-dp-test.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT

# EAL arguments that run without hugepages, NICs or shared config
dp_eal() { echo "--no-huge -m 512 --no-pci --no-shconf --log-level=warning --no-telemetry"; }

# dp_can_run: skip the whole file when EAL cannot start here
dp_can_run() {
	local out
	[ -x "$DP" ] || skip_all "sipwire-dp not built"
	out=$(timeout 60 "$DP" $(dp_eal) -l 0 --vdev=net_null0,no-rx=1 -- --duration 0.05 \
		--stats-interval 0 2>&1) ||
		skip_all "this environment cannot run DPDK EAL: $(echo "$out" | grep -m1 -E 'EAL|sipwire-dp' )"
}

# dp_run NAME EAL-ARGS... -- OPTIONS...: run with a timeout, log to
# $WORK/NAME.log, counters to $WORK/NAME.json; returns the exit status
dp_run() {
	local name=$1
	shift
	timeout 120 "$DP" "$@" --stats-json "$WORK/$name.json" --stats-interval 0 \
		>"$WORK/$name.log" 2>&1
}

# jq_get NAME FILTER: a value from a run's JSON
jq_get() { jq -r "$2" "$WORK/$1.json"; }

# tshark_clean FILE: no malformed packet, no expert warning, IP/UDP checksums good
tshark_clean() {
	local bad
	bad=$(tshark -n -r "$1" -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE \
		-Y '_ws.malformed || _ws.expert.severity >= "Warning" || ip.checksum.status == "Bad" || udp.checksum.status == "Bad"' 2>/dev/null)
	[ -z "$bad" ] || { echo "# tshark: $bad" | head -5; return 1; }
}

# frames FILE: frame count of a pcap
frames() { tshark -n -r "$1" 2>/dev/null | wc -l; }

# tshark_field FILE FILTER FIELD: values of FIELD, one line per frame
tshark_field() { tshark -n -r "$1" -Y "$2" -T fields -e "$3" 2>/dev/null; }

# notify_bodies PCAP PREFIX: write the body of each NOTIFY in PCAP to
# PREFIX-1.xml, PREFIX-2.xml, ...; fails when there is none
notify_bodies() {
	local i=0 hex
	for hex in $(tshark_field "$1" 'sip.Method == "NOTIFY"' udp.payload); do
		i=$((i + 1))
		echo "$hex" | perl -ne 'chomp; print pack("H*", $_)' | awk 'b { print } /^\r?$/ { b = 1 }' ORS='\n' >"$2-$i.xml"
	done
	[ $i -gt 0 ]
}

# reginfo documents against the RFC 3680 + RFC 5628 schemas of the corpus
can_validate_reginfo() { have xmllint && [ -f "$SW_CORPUS/reginfo/validation/catalog.xml" ]; }
reginfo_valid() {
	XML_CATALOG_FILES="$SW_CORPUS/reginfo/validation/catalog.xml" xmllint --nonet --noout \
		--schema "$SW_CORPUS/reginfo/validation/reginfo-with-gruuinfo.xsd" "$@" 2>/dev/null
}

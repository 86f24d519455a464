#!/usr/bin/env bash
# callgrind.sh: instructions per parse-and-extract, the noise-free figure.
#
#   bench/callgrind.sh [-b BUILD_DIR] [-n ITERATIONS] [FILE...]
#
# For each message (default: every .sip in corpus/bench) and each
# implementation, runs valgrind --tool=callgrind on the `--iterations N`
# contract twice, N and 0, and prints (Ir(N) - Ir(0)) / N: start-up, file
# loading and the untimed first parse cancel out. sipwire is measured through
# `sipwire bench`, the others through bench/peer_driver (same contract, same
# extraction, built with -Dpeers).
#
# BUILD_DIR (default build-callgrind) is configured here when missing, with
# the project's default -Dcpu=x86-64-v3 (the same code as the release build;
# valgrind 3.19 cannot decode the AVX-512 that -Dcpu=native would enable on
# this machine's CPUs).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-callgrind n=1000
while getopts b:n: opt; do
	case $opt in
	b) build=$OPTARG ;; n) n=$OPTARG ;;
	*) sed -n '2,16p' "$0"; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
shared=${SW_SHARED:-$root/../shared}
if [ $# -eq 0 ]; then
	set -- "$shared"/corpus/bench/*.sip
fi
command -v valgrind >/dev/null || { echo "callgrind.sh: needs valgrind" >&2; exit 2; }
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$root" -Dshared_dir="$shared" \
		-Dpeers=auto -Dbenchmarks=disabled -Ddpdk=disabled >/dev/null
fi
ninja -C "$build" cli/sipwire bench/peer_driver >/dev/null

# instructions of one run of "$@"
ir() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
		sed -n 's/.*Collected : *//p'
}

# per_parse CMD...: (Ir with N iterations - Ir with 0) / N; CMD has @N@ for N
per_parse() {
	local a b
	a=$(ir "${@//@N@/0}") b=$(ir "${@//@N@/$n}")
	[ -n "$a" ] && [ -n "$b" ] || { echo "n/a"; return; }
	echo $(((b - a + n / 2) / n))
}

impls=(memchr-floor sofia-sip osip2 libre)
have=()
for i in "${impls[@]}"; do
	"$build/bench/peer_driver" "$i" --iterations 0 "$1" >/dev/null 2>&1 && have+=("$i")
done
echo "Instructions per parse-and-extract (callgrind, ($n iterations - 0) / $n, -Dcpu=x86-64-v3):"
echo
printf '| message | bytes | sipwire parse only | sipwire |'
printf ' %s |' "${have[@]}"
printf '\n| --- | ---: | ---: | ---: |'
printf ' ---: |%.0s' "${have[@]}"
printf '\n'
for f in "$@"; do
	printf '| %s | %s | %s | %s |' "$(basename "$f" .sip)" "$(stat -c %s "$f")" \
		"$(per_parse "$build/cli/sipwire" bench --iterations @N@ --parse-only "$f")" \
		"$(per_parse "$build/cli/sipwire" bench --iterations @N@ "$f")"
	for i in "${have[@]}"; do
		printf ' %s |' "$(per_parse "$build/bench/peer_driver" "$i" --iterations @N@ "$f")"
	done
	printf '\n'
done

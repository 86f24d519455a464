#!/usr/bin/env bash
# plot.sh: render the benchmark figures of docs/benchmarks.md with gnuplot.
#
#   bench/plot.sh [-p PEERS_JSON] [-r REPLAY_TSV] [-o OUT_DIR]
#
# PEERS_JSON (default bench/results/peers.json) is a bench_peers run with
# --benchmark_repetitions and aggregates (bench/peers-table.sh -o writes one);
# it gives OUT_DIR/parse-ns.png: median ns/message per message per
# implementation, log scale.
# REPLAY_TSV (default bench/results/replay.tsv), when present, gives
# OUT_DIR/replay-mpps.png: forward-only vs full-policy Mpps per traffic case.
# Its format, tab-separated, '#' comments allowed:
#   case<TAB>forward_mpps<TAB>policy_mpps
# OUT_DIR defaults to docs/img. Uses the pngcairo terminal (gnuplot-nox has
# it), else png.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
peers=$root/bench/results/peers.json replay=$root/bench/results/replay.tsv out=$root/docs/img
while getopts p:r:o: opt; do
	case $opt in
	p) peers=$OPTARG ;; r) replay=$OPTARG ;; o) out=$OPTARG ;;
	*) sed -n '2,16p' "$0"; exit 2 ;;
	esac
done
command -v gnuplot >/dev/null || { echo "plot.sh: needs gnuplot (gnuplot-nox)" >&2; exit 2; }
mkdir -p "$out"
term="pngcairo size 1000,520 font 'Sans,10'"
gnuplot -e 'set terminal pngcairo' 2>/dev/null || term="png size 1000,520"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sw-plot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ -f "$peers" ]; then
	command -v jq >/dev/null || { echo "plot.sh: needs jq" >&2; exit 2; }
	# one row per message, one column per implementation (sipwire first)
	jq -r '
		[.benchmarks[] | select(.aggregate_name == "median") |
		 (.run_name | split("/")) as $p | {m: $p[1], i: $p[2], ns: .cpu_time}] as $r |
		($r | map(.i) | unique | sort_by(if . == "sipwire" then 0 elif . == "memchr-floor" then 1 else 2 end)) as $impls |
		(["message"] + $impls | @tsv),
		($r | map(.m) | unique[] as $m |
		 [$m] + [$impls[] as $i | ($r[] | select(.m == $m and .i == $i) | .ns) // "NaN"] | @tsv)' \
		"$peers" >"$tmp/parse.tsv"
	ncol=$(head -1 "$tmp/parse.tsv" | awk -F'\t' '{print NF}')
	gnuplot <<GP
set terminal $term
set output '$out/parse-ns.png'
set datafile separator '\t'
set title 'Parse + Path/Service-Route/Refer-Sub extraction, median ns per message (lower is better)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y 10
set yrange [10:*]
set ylabel 'ns / message (log scale)'
set grid ytics mytics
set key outside right top vertical noenhanced
set xtics rotate by -20 noenhanced
plot for [c=2:$ncol] '$tmp/parse.tsv' using c:xtic(1) title columnheader(c)
GP
	echo "wrote $out/parse-ns.png"
else
	echo "plot.sh: no $peers (run bench/peers-table.sh -o $peers); parse-ns.png not drawn" >&2
fi

if [ -f "$replay" ]; then
	grep -v '^#' "$replay" | awk -F'\t' 'NF >= 3' >"$tmp/replay.tsv"
	gnuplot <<GP
set terminal $term
set output '$out/replay-mpps.png'
set datafile separator '\t'
set title 'pcap replay through sipwire-dp: forward-only vs full policy (higher is better)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set yrange [0:*]
set ylabel 'Mpps'
set grid ytics
set key outside right top vertical
set xtics noenhanced
plot '$tmp/replay.tsv' using 2:xtic(1) title 'forward only', '' using 3 title 'full policy'
GP
	echo "wrote $out/replay-mpps.png"
else
	echo "plot.sh: no $replay yet; replay-mpps.png not drawn" >&2
fi

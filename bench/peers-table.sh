#!/usr/bin/env bash
# peers-table.sh: run bench_peers once (one process, every implementation on
# every message, N repetitions) and print markdown tables of the medians:
# ns/message, MB/s and the ratio to sipwire.
#
#   bench/peers-table.sh [-b BUILD_DIR] [-n REPETITIONS] [-t MIN_TIME] [-o JSON_OUT]
#   bench/peers-table.sh -i JSON        # format an existing run instead
#
# BUILD_DIR must be configured with -Dpeers=enabled (or auto with the peers
# installed). Times are CPU time per message (the machine is shared; CPU time
# is less disturbed by other processes than wall time).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build reps=10 min_time=0.2 out= in=
while getopts b:n:t:o:i: opt; do
	case $opt in
	b) build=$OPTARG ;; n) reps=$OPTARG ;; t) min_time=$OPTARG ;;
	o) out=$OPTARG ;; i) in=$OPTARG ;;
	*) sed -n '2,12p' "$0"; exit 2 ;;
	esac
done
command -v jq >/dev/null || { echo "peers-table.sh: needs jq" >&2; exit 2; }
if [ -z "$in" ]; then
	in=${out:-$(mktemp "${TMPDIR:-/tmp}/sw-peers.XXXXXX.json")}
	[ -x "$build/bench/bench_peers" ] || { echo "no $build/bench/bench_peers (configure -Dpeers=enabled)" >&2; exit 2; }
	SW_CORPUS=${SW_CORPUS:-$root/../shared/corpus} "$build/bench/bench_peers" \
		--benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
		--benchmark_min_time="$min_time" --benchmark_format=json --benchmark_out="$in" \
		--benchmark_out_format=json >/dev/null
fi

# rows: message impl ns MBps error
rows=$(jq -r '
	.benchmarks[] | select(.aggregate_name == "median" or .error_occurred == true) |
	(.run_name // .name | split("/")) as $p |
	[$p[1], $p[2], (.cpu_time // 0), ((.bytes_per_second // 0) / 1e6), (.error_message // "")] | @tsv' "$in")

jq -r '(.benchmarks[0].repetitions // 1) as $r | .context |
	"Run: \(.date), \(.num_cpus) CPUs at \(.mhz_per_cpu) MHz, load \(.load_avg | map(. * 100 | round / 100 | tostring) | join(" ")); medians of \($r) repetitions, CPU time per message.\n"' "$in"
echo "| message | implementation | ns/message | MB/s | time / sipwire |"
echo "| --- | --- | ---: | ---: | ---: |"
awk -F'\t' '
	{ key = $1 SUBSEP $2; ns[key] = $3; mb[key] = $4; err[key] = $5; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
	  if (!(($2) in iseen)) { iseen[$2] = 1; impl[++m] = $2 } }
	END {
		for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) {
			k = order[i] SUBSEP impl[j]; if (!(k in ns)) continue
			if (err[k] != "") { printf "| %s | %s | failed: %s | | |\n", order[i], impl[j], err[k]; continue }
			base = ns[order[i] SUBSEP "sipwire"]
			printf "| %s | %s | %.0f | %.0f | %s |\n", order[i], impl[j], ns[k], mb[k],
			       (base > 0) ? sprintf("%.2f", ns[k] / base) : "n/a"
		}
		printf "\nSpeed-up of sipwire (peer time / sipwire time) and sipwire / memchr floor:\n\n"
		printf "| message | sofia-sip | osip2 | libre | sipwire / floor |\n| --- | ---: | ---: | ---: | ---: |\n"
		for (i = 1; i <= n; i++) {
			b = ns[order[i] SUBSEP "sipwire"]; f = ns[order[i] SUBSEP "memchr-floor"]
			printf "| %s", order[i]
			split("sofia-sip osip2 libre", peers, " ")
			for (p = 1; p <= 3; p++) {
				k = order[i] SUBSEP peers[p]
				printf " | %s", ((k in ns) && err[k] == "" && (b > 0)) ? sprintf("%.1fx", ns[k] / b) : "n/a"
			}
			printf " | %s |\n", (f > 0) ? sprintf("%.2fx", b / f) : "n/a"
		}
	}' <<<"$rows"

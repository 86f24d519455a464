#!/usr/bin/env bash
# callgrind_reginfo.sh [-b BUILD_DIR] [-n ITERATIONS] [CONTACTS...]: the
# noise-free reginfo parser figure. For each document size (default 1 10
# 100) prints instructions per parse for sw_ri_parse and for plain expat
# (reset between documents) and their ratio, each as
# (Ir(N) - Ir(0)) / N of bench/reginfo_driver, so set-up cancels out.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build n=200
while getopts b:n: opt; do
	case $opt in
	b) build=$OPTARG ;; n) n=$OPTARG ;;
	*) sed -n '2,6p' "$0"; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] && set -- 1 10 100
command -v valgrind >/dev/null || { echo "callgrind_reginfo.sh: needs valgrind" >&2; exit 2; }
ninja -C "$build" bench/reginfo_driver >/dev/null
drv=$build/bench/reginfo_driver
ir() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
		sed -n 's/.*Collected : //p'
}
printf '%-9s %14s %14s %7s\n' contacts sw_ri_parse expat_reset ratio
for c in "$@"; do
	sw=$(( ($(ir "$drv" sw "$c" "$n") - $(ir "$drv" sw "$c" 0)) / n ))
	ex=$(( ($(ir "$drv" expat "$c" "$n") - $(ir "$drv" expat "$c" 0)) / n ))
	printf '%-9s %14d %14d %7s\n' "$c" "$sw" "$ex" "$(awk -v a="$ex" -v b="$sw" 'BEGIN{printf "%.2f", a/b}')"
done

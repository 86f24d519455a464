#!/usr/bin/env bash
# run-fuzzer.sh EXE SRCDIR NAME [SEED_DIR...]: run one libFuzzer target for
# SW_FUZZ_SECONDS with a scratch corpus first and the seed dirs after it.
# SEED_DIR entries are relative to $SW_CORPUS unless absolute.
set -eu
exe=$1 src=$2 name=$3
shift 3
secs=${SW_FUZZ_SECONDS:-30}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/sw-fuzz-$name.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
dirs=()
for d in "$@"; do
	case $d in /*) dirs+=("$d") ;; *) dirs+=("${SW_CORPUS:-../shared/corpus}/$d") ;; esac
done
[ -d "$src/seeds/$name" ] && dirs+=("$src/seeds/$name")
dict=()
[ -f "$src/sip.dict" ] && dict=(-dict="$src/sip.dict")
[ -f "$src/$name.dict" ] && dict=(-dict="$src/$name.dict")
echo "# fuzzing $name for ${secs}s"
"$exe" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-error_exitcode=1 -timeout_exitcode=1 \
	"${dict[@]}" -artifact_prefix="$scratch/" "$scratch" "${dirs[@]}" 2>&1 | tail -15
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
	for f in "$scratch"/crash-* "$scratch"/leak-* "$scratch"/timeout-* "$scratch"/oom-*; do
		[ -f "$f" ] && { echo "# artifact $f:"; od -c "$f" | head -20; }
	done
fi
# libFuzzer exits 77 on a crash by default, which meson reads as "skipped":
# any failure is 1 here
[ "$status" -eq 0 ] || exit 1
exit 0

#!/usr/bin/env bash
# reginfo_xmllint.sh EMIT_EXE[,EMIT_EXE...] CORPUS_DIR [SIPWIRE_EXE]: TAP test.
# Validates every document the reginfo tests' writer produces (each
# EMIT_EXE --emit DIR: test_reginfo, test_reginfo_policy), and
# the documents `sipwire reginfo --from-register` builds from the corpus
# REGISTER/200 pairs, against the RFC 3680 + RFC 5628 schemas with xmllint
# (offline catalog, see corpus/reginfo/README.md).
set -u
exe=$1 corpus=$2 cli=${3:-}
schema=$corpus/reginfo/validation/reginfo-with-gruuinfo.xsd
export XML_CATALOG_FILES=$corpus/reginfo/validation/catalog.xml
if ! command -v xmllint >/dev/null; then
	echo "1..0 # SKIP xmllint not installed (package libxml2-utils)"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sw-reginfo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
IFS=, read -r -a emitters <<<"$exe"
for e in "${emitters[@]}"; do
	"$e" --emit "$tmp" >/dev/null || { echo "Bail out! $e --emit failed"; exit 1; }
done
n=0
if [ -n "$cli" ] && [ -x "$cli" ]; then
	while read -r name reg ok ver; do
		[ -z "$name" ] && continue
		n=$((n + 1))
		if "$cli" reginfo --from-register "$corpus/$reg" --response "$corpus/$ok" --version "$ver" \
			>"$tmp/from-register-$name.xml"; then
			echo "ok $n - sipwire reginfo --from-register $name"
		else
			echo "not ok $n - sipwire reginfo --from-register $name fails"
			rm -f "$tmp/from-register-$name.xml"
		fi
	done < "$(dirname "$0")/reginfo_from_register.list"
fi
docs=0
for f in "$tmp"/*.xml; do
	n=$((n + 1))
	docs=$((docs + 1))
	if out=$(xmllint --nonet --noout --schema "$schema" "$f" 2>&1); then
		echo "ok $n - $(basename "$f") validates against reginfo + gruuinfo"
	else
		echo "not ok $n - $(basename "$f") fails the schema"
		printf '%s\n' "$out" | sed 's/^/# /'
		sed 's/^/#   /' "$f"
	fi
done
n=$((n + 1))
[ "$docs" -ge 13 ] && echo "ok $n - $docs documents checked" || echo "not ok $n - only $docs documents produced"
# Negative control: the same check must reject a broken GRUU (RFC 5628 §9
# requires first-cseq), or the passes above prove nothing.
n=$((n + 1))
sed 's/first-cseq=/cseq=/' "$tmp/hostile-gr-root.xml" >"$tmp/broken.xml"
if xmllint --nonet --noout --schema "$schema" "$tmp/broken.xml" >/dev/null 2>&1; then
	echo "not ok $n - a temp-gruu without first-cseq passed the schema"
else
	echo "ok $n - negative control: temp-gruu without first-cseq is rejected"
fi
echo "1..$n"

#!/bin/sh
# Add up the per-pass results written by scripts/guest/check-log.sh and print
# the final line "N passed, M failed, K skipped". A pass without a result file (it did
# not build or did not run) counts as one failure.
# Usage: summarize.sh RESULTS_DIR PASS...
set -eu

dir=$1
shift
passed=0
failed=0
skipped=0
for pass in "$@"; do
	file=$dir/$pass.txt
	if [ ! -r "$file" ]; then
		echo "summary: pass '$pass' produced no results ($file)"
		failed=$((failed + 1))
		continue
	fi
	p=$(sed -n 's/^passed \([0-9][0-9]*\)$/\1/p' "$file")
	f=$(sed -n 's/^failed \([0-9][0-9]*\)$/\1/p' "$file")
	if [ -z "$p" ] || [ -z "$f" ]; then
		echo "summary: pass '$pass' has a malformed result file ($file)"
		failed=$((failed + 1))
		continue
	fi
	s=$(sed -n 's/^skipped \([0-9][0-9]*\)$/\1/p' "$file")
	skipped=$((skipped + ${s:-0}))
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

#!/bin/sh
# The kernel sources' standards, counted as the tests of the "static" pass:
# checkpatch.pl --strict, sparse (make C=2) and a W=1 build without warnings,
# all against the stock headers. Writes RESULTS_DIR/static.txt for
# scripts/summarize.sh; the tools' output goes to RESULTS_DIR/static.log.
# Usage: static-checks.sh RESULTS_DIR
set -u

dir=$1
log=$dir/static.log
mkdir -p "$dir"
: >"$log"
passed=0
failed=0

check() {
	name=$1
	shift
	if "$@" >>"$log" 2>&1; then
		passed=$((passed + 1))
		echo "static: ok $name"
	else
		failed=$((failed + 1))
		echo "static: not ok $name (see $log)"
	fi
}

w1_build_has_no_warnings() {
	make --no-print-directory module >"$log.w1" 2>&1
	status=$?
	cat "$log.w1"
	[ "$status" -eq 0 ] && ! grep -E 'warning:|error:' "$log.w1"
}

check checkpatch_strict_clean make --no-print-directory style
check w1_build_has_no_warnings w1_build_has_no_warnings
check sparse_clean make --no-print-directory sparse

printf 'passed %s\nfailed %s\n' "$passed" "$failed" >"$dir/static.txt"
[ "$failed" -eq 0 ]

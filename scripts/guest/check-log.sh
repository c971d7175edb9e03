#!/bin/sh
# Verdict for one guest pass: reads the console LOG of scripts/guest/init,
# prints the failures and writes "passed N" / "failed M" / "skipped K" to <dir of LOG>/PASS.txt.
# Usage: check-log.sh LOG PASS
#
# Counted: the "TEST: ok|not ok <name>" lines of the RESULTS block, plus two
# checks of the log itself, guest_finished (the end marker is there, so no
# hang or panic) and kernel_log_clean (no warnings, oopses, sanitizer or
# lockdep reports anywhere in the log).
set -eu

log=$1
pass=$2
out=$(dirname "$log")/$pass.txt
rm -f "$out"
[ -r "$log" ] || { echo "check-log: no console log $log" >&2; exit 1; }

splats='WARNING:|BUG:|Oops|Call Trace|Kernel panic|KASAN|UBSAN|unreferenced object|possible circular locking|inconsistent lock state|sleeping function called from invalid context|INFO: task .* blocked'

results=$(mktemp)
trap 'rm -f "$results" "$results.splats"' EXIT
sed -n '/^ANONPIPE-RESULTS-BEGIN/,/^ANONPIPE-RESULTS-END/s/^TEST: //p' "$log" |
	grep -E '^(not )?ok ' >"$results" || true

if grep -q '^ANONPIPE-GUEST-DONE' "$log"; then
	echo "ok guest_finished" >>"$results"
else
	echo "$pass: the guest did not finish (hang, panic or timeout); end of $log:"
	tail -n 40 "$log"
	echo "not ok guest_finished" >>"$results"
fi

# Console and dmesg dump repeat each kernel line: show each offender once.
grep -v '^TEST: ' "$log" | grep -E "$splats" | awk '!seen[$0]++' >"$results.splats" || true
if [ -s "$results.splats" ]; then
	echo "$pass: kernel log problems:"
	cat "$results.splats"
	echo "not ok kernel_log_clean" >>"$results"
else
	echo "ok kernel_log_clean" >>"$results"
fi

grep '^not ok ' "$results" | sed "s/^/$pass: /" || true
skipped=$(grep -c '^ok .*# SKIP' "$results" || true)
passed=$(($(grep -c '^ok ' "$results" || true) - skipped))
failed=$(grep -c '^not ok ' "$results" || true)
printf 'passed %s\nfailed %s\nskipped %s\n' "$passed" "$failed" "$skipped" >"$out"
echo "$pass: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

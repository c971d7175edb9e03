#!/bin/bash
# The debug-kernel pass of "make check": the module, its KUnit suites, the
# user-space suite and the fault-injection runs, in QEMU on a 6.12 kernel with
# KASAN, lockdep, UBSAN, kmemleak and fault injection
# (scripts/kernel/debug.config). With --kunit ("make kunit") the guest runs
# the KUnit suites alone.
#
# Writes build/results/PASS.txt ("passed N", "failed M", "skipped K") for
# scripts/summarize.sh, PASS being "debug" or "kunit"; the console is kept in
# build/results/PASS.log and the KUnit output in build/results/PASS-kunit.*.
# Usage: scripts/debug-pass.sh [--kunit]
# Environment: KERNEL_VERSION (default: build-test-kernel.sh's), QEMU_TIMEOUT,
#   DEBUG_KDIR (use this kernel build dir instead of building one).
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
pass=debug job=check
[ "${1:-}" = --kunit ] && pass=kunit job=kunit
results=$repo/build/results
mkdir -p "$results"
rm -f "$results/$pass.txt" "$results/$pass"-kunit.*

# The test kernel (cached) and the module built against it.
kdir=${DEBUG_KDIR:-$(scripts/kernel/build-test-kernel.sh ${KERNEL_VERSION:-} | tail -n 1)}
release=$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' "$kdir/include/generated/utsrelease.h")
kmod=$repo/build/kmod-$release
make --no-print-directory module KDIR="$kdir"
kunit_expected=
if ls tests/kunit/*.c >/dev/null 2>&1; then
	kunit_expected=1
	[ -e "$kmod/anonpipe_test.ko" ] ||
		{ echo "debug-pass: tests/kunit exists but no anonpipe_test.ko was built" >&2; exit 1; }
fi
if [ "$job" = check ]; then
	make --no-print-directory tests
	make --no-print-directory -C tests/faultinject O="$repo/build/tests/faultinject"
fi

# Any WARN panics; a task stuck in D state for 60 s or a soft lockup panics
# too, so the end marker goes missing and check-log.sh reports the hang.
export QEMU_TIMEOUT=${QEMU_TIMEOUT:-1200}
[ "$job" = check ] && export EXTRA_PROGRAMS=$repo/build/tests/faultinject/anonpipe-faultinject
status=0
scripts/guest/run-pass.sh "$pass" "$kdir/arch/x86/boot/bzImage" "$kmod" \
	panic_on_warn=1 idle=poll hung_task_panic=1 softlockup_panic=1 \
	sysctl.kernel.hung_task_timeout_secs=60 anonpipe.job=$job || status=1
[ -r "$results/$pass.txt" ] || exit 1

# KUnit: the KTAP between the guest's markers, kernel lines only, from the
# live console (the dmesg dump at the end repeats it and may be truncated).
[ -n "$kunit_expected" ] || exit "$status"
ktap=$results/$pass-kunit.ktap
tr -d '\r' <"$results/$pass.log" | awk '/ANONPIPE-KUNIT-END/ { exit }
	on && /^\[ *[0-9]+\.[0-9]+\]/ { print } /ANONPIPE-KUNIT-BEGIN/ { on = 1 }' >"$ktap"
# kunit.py chdirs into the kernel tree: absolute paths only.
parse_status=0
python3 "$kdir/source/tools/testing/kunit/kunit.py" parse \
	--json="$results/$pass-kunit.json" "$ktap" >"$results/$pass-kunit.txt" 2>&1 ||
	parse_status=1
counts=$(python3 - "$results/$pass-kunit.json" <<'EOF'
import json, sys
try:
    tree = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    tree = {}
def walk(group, path):
    for case in group.get("test_cases", []):
        yield path + case["name"], case["status"]
    for sub in group.get("sub_groups", []):
        yield from walk(sub, path + sub["name"] + ".")
cases = list(walk(tree, ""))
for name, status in cases:
    if status != "PASS":
        print("kunit:", name, status, file=sys.stderr)
passed = sum(status == "PASS" for _, status in cases)
skipped = sum(status == "SKIP" for _, status in cases)
failed = len(cases) - passed - skipped
print(passed, failed + (not cases), skipped)   # no test case at all fails
EOF
)
read -r kpassed kfailed kskipped <<<"$counts"
# A crashed suite or a missing result line fails the parse without a case.
[ "$parse_status" -eq 0 ] || [ "$kfailed" -ne 0 ] || kfailed=1
if [ "$kfailed" -ne 0 ]; then
	echo "$pass: KUnit failures; kunit.py parse says:"
	cat "$results/$pass-kunit.txt"
	status=1
fi
echo "$pass: KUnit: $kpassed passed, $kfailed failed, $kskipped skipped"
# Fold the KUnit cases into the pass's counts.
read -r passed failed skipped < <(awk '{ n[$1] = $2 }
	END { print n["passed"] + 0, n["failed"] + 0, n["skipped"] + 0 }' "$results/$pass.txt")
printf 'passed %s\nfailed %s\nskipped %s\n' $((passed + kpassed)) \
	$((failed + kfailed)) $((skipped + kskipped)) >"$results/$pass.txt"
exit "$status"

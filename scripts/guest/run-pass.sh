#!/bin/bash
# One guest pass: pack the module, test programs and examples into an
# initramfs, boot KERNEL in QEMU, keep the console in build/results/PASS.log
# and judge it with check-log.sh (which writes build/results/PASS.txt).
# Usage: run-pass.sh PASS KERNEL KMOD_DIR [KERNEL-ARG...]
#   KMOD_DIR: the M= directory the module was built in (all *.ko in it go in)
# Environment: V=1 shows the whole console instead of only the guest's lines;
#   EXTRA_PROGRAMS="path..." adds programs, e.g. the fault-injection test.
set -euo pipefail

pass=$1
kernel=$2
kmod_dir=$3
shift 3
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$repo/build
guest=$repo/scripts/guest
log=$build/results/$pass.log
initrd=$build/guest/$pass-initrd.cpio.gz

mkdir -p "$build/results"
rm -f "$log" "$build/results/$pass.txt"
[ -r "$kernel" ] || { echo "run-pass: cannot read kernel image $kernel" >&2; exit 1; }

mapfile -t modules < <(find "$kmod_dir" -name '*.ko')
[ "${#modules[@]}" -gt 0 ] || { echo "run-pass: no .ko in $kmod_dir" >&2; exit 1; }
programs=()
for program in tests/user/anonpipe-tests tests/user/abi32-test \
	tests/guest/hold_handle examples/child_stdout examples/redirect; do
	if [ -x "$build/$program" ]; then
		programs+=("$build/$program")
	else
		echo "run-pass: not built, left out: $build/$program"
	fi
done
# shellcheck disable=SC2206 # a list of paths without spaces
programs+=(${EXTRA_PROGRAMS:-})
"$guest/make-initramfs.sh" "$initrd" "${modules[@]}" "${programs[@]}"

echo "run-pass: $pass: booting $kernel (console: $log)"
start=$SECONDS
if [ "${V:-0}" = 1 ]; then
	show='{ print; fflush() }'
else	# the guest's own lines until the dmesg dump, no kernel lines
	show='/^ANONPIPE-DMESG-BEGIN/ { done = 1 } !done && !/^\[/ { print; fflush() }'
fi
"$guest/run-qemu.sh" "$kernel" "$initrd" "$@" 2>&1 | tee "$log" |
	awk "$show" || echo "run-pass: qemu exited with status ${PIPESTATUS[0]}"
echo "run-pass: $pass: guest ran for $((SECONDS - start)) s"
"$guest/check-log.sh" "$log" "$pass"

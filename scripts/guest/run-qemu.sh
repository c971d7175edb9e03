#!/bin/sh
# Boot KERNEL with INITRD in QEMU (TCG, no KVM); the serial console goes to
# stdout. Extra arguments are appended to the kernel command line.
# Usage: run-qemu.sh KERNEL INITRD [KERNEL-ARG...]
# Environment: QEMU_TIMEOUT (seconds, default 300), QEMU_MEM (MiB, default 1024)
set -eu

kernel=$1
initrd=$2
shift 2

# qboot lists every vCPU in its MP table, so -smp 2 works even for kernels
# without ACPI; fall back to the default BIOS if it is missing.
bios=
[ -e /usr/share/qemu/qboot.rom ] && bios="-bios /usr/share/qemu/qboot.rom"

# -no-reboot plus "reboot -f" in the guest (or panic=-1) makes QEMU exit.
# shellcheck disable=SC2086 # $bios is empty or two words
exec timeout --foreground -k 10 "${QEMU_TIMEOUT:-300}" \
	qemu-system-x86_64 -accel tcg -machine pc $bios -cpu max -smp 2 \
	-m "${QEMU_MEM:-1024}" -nographic -no-reboot -nodefaults \
	-serial stdio -kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 oops=panic $*" </dev/null

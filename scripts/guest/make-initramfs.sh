#!/bin/sh
# Pack a busybox initramfs for the test guest.
# Usage: make-initramfs.sh OUTPUT.cpio.gz FILE...
#   FILE *.ko goes to /lib/modules, any other FILE to /bin; /init is
#   scripts/guest/init.
set -eu

out=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
chmod 755 "$stage"

mkdir -p "$stage/bin" "$stage/sbin" "$stage/usr/bin" "$stage/usr/sbin" \
	"$stage/lib/modules" "$stage/dev" "$stage/proc" "$stage/sys" \
	"$stage/tmp" "$stage/root"
cp /bin/busybox "$stage/bin/busybox"
cp "$here/init" "$stage/init"
chmod 755 "$stage/init"
# The kernel opens /dev/console for init before anything is mounted; without
# root there is no node, and init reopens the console once devtmpfs is up.
[ "$(id -u)" -ne 0 ] || mknod "$stage/dev/console" c 5 1

for file in "$@"; do
	case $file in
	*.ko) cp "$file" "$stage/lib/modules/" ;;
	*) cp "$file" "$stage/bin/" ;;
	esac
done

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . | cpio -o -H newc --quiet) | gzip -1 >"$out"

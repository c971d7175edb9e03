#!/bin/sh
# checkpatch.pl --strict on the given files. checkpatch.pl ships only in the
# kernel source tarball, so it is taken from an unpacked tree in
# ~/.cache/anonpipe or extracted from the tarball once.
# Usage: checkpatch.sh FILE...
set -eu

version=6.12
tarball=/usr/src/linux-source-$version.tar.xz
cache=${ANONPIPE_CACHE:-$HOME/.cache/anonpipe}
# The full tree scripts/kernel/build-test-kernel.sh unpacks, or our own copy.
checkpatch=$cache/linux-source-$version/scripts/checkpatch.pl
if [ ! -e "$checkpatch" ]; then
	dir=$cache/checkpatch-$version
	checkpatch=$dir/linux-source-$version/scripts/checkpatch.pl
fi

if [ ! -e "$checkpatch" ]; then
	[ -r "$tarball" ] || { echo "checkpatch: $tarball missing;" \
		"run scripts/install-deps.sh" >&2; exit 1; }
	echo "checkpatch: extracting checkpatch.pl from $tarball"
	mkdir -p "$dir"
	tar -xJf "$tarball" -C "$dir" \
		"linux-source-$version/scripts/checkpatch.pl" \
		"linux-source-$version/scripts/spelling.txt" \
		"linux-source-$version/scripts/const_structs.checkpatch"
fi

status=0
for file in "$@"; do
	case $file in
	# BIT() is kernel-internal; a uapi header cannot use it.
	uapi/*) ignore=--ignore=BIT_MACRO ;;
	*) ignore= ;;
	esac
	perl "$checkpatch" --strict --no-tree --show-types --quiet $ignore \
		-f "$file" || status=1
done
[ "$status" -eq 0 ] && echo "checkpatch: $# files clean"
exit "$status"

#!/bin/bash
# Build (or reuse) the anonpipe debug test kernel from Debian's linux-source-VERSION.
# Usage: build-test-kernel.sh [VERSION]   (default below)
# The kernel build dir (make O=) is printed as the last line of stdout and written
# to ~/.cache/anonpipe/kernel-VERSION.path. Build output goes to <dir>/build.log.
set -eu
VERSION=${1:-6.12}

HERE=$(cd "$(dirname "$0")" && pwd)
FRAGMENT=$HERE/debug.config
CACHE=${ANONPIPE_CACHE:-$HOME/.cache/anonpipe}
TARBALL=/usr/src/linux-source-$VERSION.tar.xz
log() { echo "build-test-kernel: $*" >&2; }

PKGVER=$(dpkg-query -W -f='${Version}' "linux-source-$VERSION") ||
	{ log "install linux-source-$VERSION (apt-get install linux-source-$VERSION)"; exit 1; }
[ -f "$TARBALL" ] || { log "missing $TARBALL"; exit 1; }
KEY=$(cat "$FRAGMENT" "$0" <(gcc --version | head -1) | sha256sum | cut -c1-12)
SRC=$CACHE/linux-source-$VERSION
OUT=$CACHE/kernel-$VERSION-$(echo "$PKGVER" | tr -c 'A-Za-z0-9.+\n-' _)-$KEY
mkdir -p "$CACHE"

# One kernel build at a time on this machine: serialize on a lock.
exec 9>"$CACHE/kernel-build.lock"
flock 9

# Unpacked source, stamped with the package version it came from.
if [ "$(cat "$SRC/.anonpipe-extracted" 2>/dev/null)" != "$PKGVER" ]; then
	log "extracting $TARBALL into $SRC"
	rm -rf "$SRC.tmp" && mkdir "$SRC.tmp"
	tar -xf "$TARBALL" -C "$SRC.tmp"
	echo "$PKGVER" > "$SRC.tmp/linux-source-$VERSION/.anonpipe-extracted"
	rm -rf "$SRC" && mv "$SRC.tmp/linux-source-$VERSION" "$SRC" && rmdir "$SRC.tmp"
fi

# Prints the fragment options that are not in $OUT/.config as required.
missing_options() {
	grep -E '^(CONFIG_|# CONFIG_)' "$FRAGMENT" | while read -r line; do
		case $line in
		"# CONFIG_"*) opt=${line#\# }; opt=${opt%% *}
			grep -q "^$opt=" "$OUT/.config" && echo "$line" || true ;;
		*) grep -qxF "$line" "$OUT/.config" || echo "$line" ;;
		esac
	done
}

if [ -f "$OUT/.complete" ] && [ -f "$OUT/arch/x86/boot/bzImage" ] && [ -f "$OUT/Module.symvers" ]; then
	log "reusing $OUT"
	touch "$OUT/.complete"
else
	log "building kernel $VERSION ($PKGVER) in $OUT, log in $OUT/build.log"
	rm -rf "$OUT" && mkdir -p "$OUT"
	start=$(date +%s)
	mk() { make -C "$SRC" O="$OUT" ARCH=x86_64 "$@" >>"$OUT/build.log" 2>&1 ||
		{ tail -40 "$OUT/build.log" >&2; log "make $* failed"; exit 1; }; }
	mk tinyconfig
	(cd "$OUT" && "$SRC/scripts/kconfig/merge_config.sh" -m -O "$OUT" "$OUT/.config" "$FRAGMENT") \
		>>"$OUT/build.log" 2>&1
	mk olddefconfig
	missing=$(missing_options)
	if [ -n "$missing" ]; then
		log "these fragment options did not land in .config:"; echo "$missing" >&2; exit 1
	fi
	mk -j"$(nproc)" bzImage modules
	[ -f "$OUT/arch/x86/boot/bzImage" ] && [ -f "$OUT/Module.symvers" ]
	touch "$OUT/.complete"
	log "built in $(( $(date +%s) - start )) s"
fi
# Other keys may serve another clone or branch: keep them while used (each
# reuse touches .complete), drop them after 3 unused days (~300 MB each).
# Under the lock, an incomplete build of another key is a broken one.
for d in "$CACHE"/kernel-*; do
	[ -d "$d" ] && [ "$d" != "$OUT" ] || continue
	if [ ! -f "$d/.complete" ] || [ -n "$(find "$d/.complete" -mtime +3)" ]; then
		log "removing unused $d"
		rm -rf "$d"
	fi
done
echo "$OUT" > "$CACHE/kernel-$VERSION.path"
echo "$OUT"

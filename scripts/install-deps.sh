#!/bin/sh
# Install the Debian 12 packages that building and testing anonpipe need.
# Does nothing (and needs no network) when everything is already installed.
set -eu

packages="make gcc libc6-dev gcc-multilib linux-headers-amd64 linux-image-amd64
qemu-system-x86 busybox-static kmod cpio sparse linux-source-6.12 bc flex bison
libelf-dev libssl-dev dwarves python3 xz-utils"

missing=
for pkg in $packages; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
	[ "$status" = installed ] || missing="$missing $pkg"
done

if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi

echo "install-deps: installing$missing"
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
apt="$sudo env DEBIAN_FRONTEND=noninteractive apt-get"
$apt update -q
# shellcheck disable=SC2086 # word splitting of the package list is intended
$apt install -y -q --no-install-recommends $missing

#!/bin/bash
# Debug info for Debian's packaged guest kernel: fetch linux-image-<release>-dbg (about
# 860 MB) with apt-get download and keep only its vmlinux, beside the cached image
# (CACHE_ROOT/debian/<package>_<version>/vmlinux), where vm/trace-bind.sh and `make debug`
# find it. The package is deleted afterwards.
#   vm/kernel-dbg.sh CACHE_ROOT
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -eq 1 ]] || { echo "usage: $0 CACHE_ROOT" >&2; exit 2; }
kdir=$("$here/kernel-fetch.sh" "$1")
release=$(cat "$kdir/release")
if [[ -s $kdir/vmlinux ]]; then
	echo "kernel-dbg: $kdir/vmlinux is there" >&2
	echo "$kdir/vmlinux"
	exit 0
fi
read -r _ version <"$kdir/package"
package=linux-image-$release-dbg
tmp=$(mktemp -d "$kdir/dbg.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "kernel-dbg: downloading $package $version (large)" >&2
(cd "$tmp" && apt-get download -q "$package=$version" >&2)
deb=$(find "$tmp" -maxdepth 1 -name '*.deb' | head -n 1)
[[ -n $deb ]] || { echo "kernel-dbg: apt-get download produced no .deb" >&2; exit 2; }
dpkg-deb --fsys-tarfile "$deb" |
	tar -x -C "$tmp" --wildcards './usr/lib/debug/boot/vmlinux-*' './usr/lib/debug/lib/modules/*/vmlinux' \
		2>/dev/null || true
found=$(find "$tmp/usr" -type f -name 'vmlinux*' | head -n 1)
[[ -n $found ]] || { echo "kernel-dbg: no vmlinux in $package" >&2; exit 2; }
mv "$found" "$kdir/vmlinux"
echo "kernel-dbg: $kdir/vmlinux ($(du -h "$kdir/vmlinux" | cut -f1))" >&2
echo "$kdir/vmlinux"

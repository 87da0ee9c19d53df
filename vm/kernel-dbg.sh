#!/bin/bash
# Debug info for a Debian packaged guest kernel: fetch linux-image-<release>-dbg (about
# 860 MB for 6.1) with apt-get download and keep only its vmlinux, beside the cached image
# (CACHE_ROOT/debian/<package>_<version>/vmlinux), where vm/trace-bind.sh and `make debug`
# find it. The package is deleted afterwards. KERNEL is vm/kernel-fetch.sh's (default
# debian:bookworm); a kernel fetched by name uses the same private apt configuration.
#   vm/kernel-dbg.sh CACHE_ROOT [KERNEL]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -eq 1 || $# -eq 2 ]] || { echo "usage: $0 CACHE_ROOT [KERNEL]" >&2; exit 2; }
kdir=$("$here/kernel-fetch.sh" "$1" ${2:+"$2"})
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
# the apt configuration that fetched the kernel, or the system's
apt_env=()
read -r kind suite _ 2>/dev/null <"$kdir/source" || kind=
if [[ $kind == suite && -f $1/apt/$suite/apt.conf ]]; then
	apt_env=(env "APT_CONFIG=$(cd "$1/apt/$suite" && pwd)/apt.conf")
fi
(cd "$tmp" && "${apt_env[@]}" apt-get download -q "$package=$version" >&2) ||
	{ echo "kernel-dbg: no $package $version to download" >&2; exit 2; }
deb=$(find "$tmp" -maxdepth 1 -name '*.deb' | head -n 1)
[[ -n $deb ]] || { echo "kernel-dbg: apt-get download produced no .deb" >&2; exit 2; }
dpkg-deb --fsys-tarfile "$deb" |
	tar -x -C "$tmp" --wildcards './usr/lib/debug/boot/vmlinux-*' './usr/lib/debug/lib/modules/*/vmlinux' \
		'./usr/lib/debug/usr/lib/modules/*/vmlinux' 2>/dev/null || true
found=$(find "$tmp/usr" -type f -name 'vmlinux*' | head -n 1)
[[ -n $found ]] || { echo "kernel-dbg: no vmlinux in $package" >&2; exit 2; }
mv "$found" "$kdir/vmlinux"
echo "kernel-dbg: $kdir/vmlinux ($(du -h "$kdir/vmlinux" | cut -f1))" >&2
echo "$kdir/vmlinux"

#!/bin/bash
# Unpack Debian's linux-source-6.1 (/usr/src/linux-source-6.1.tar.xz, package
# linux-source-6.1) into a cache folder, whole or only what kconfig needs.
#   vm/debian-source.sh [--kconfig-only] [--tarball PATH] DEST
# Prints the tree's path. --kconfig-only keeps the Makefiles, every Kconfig file, scripts/
# and the x86 base configs: enough for `make defconfig`, merge_config.sh and
# `make olddefconfig`, at a fraction of the size.
set -euo pipefail

tarball=/usr/src/linux-source-6.1.tar.xz
subset=0
while [[ $# -gt 0 ]]; do
	case $1 in
	--kconfig-only) subset=1; shift ;;
	--tarball) tarball=${2:?}; shift 2 ;;
	-*) echo "usage: $0 [--kconfig-only] [--tarball PATH] DEST" >&2; exit 2 ;;
	*) break ;;
	esac
done
[[ $# -eq 1 ]] || { echo "usage: $0 [--kconfig-only] [--tarball PATH] DEST" >&2; exit 2; }
dest=$1
if [[ ! -r $tarball ]]; then
	echo "debian-source: $tarball missing (apt-get install linux-source-6.1)" >&2
	exit 2
fi

top=$(basename "$tarball" .tar.xz)   # Debian names the tree after the tarball
tree=$dest/$top
[[ $subset -eq 1 ]] && tree=$dest/$top-kconfig
stamp=$tree/.xskns-unpacked
if [[ -f $stamp && $stamp -nt $tarball ]]; then
	echo "$tree"
	exit 0
fi

rm -rf "$tree"
mkdir -p "$tree"
echo "debian-source: unpacking $tarball into $tree" >&2
members=()
if [[ $subset -eq 1 ]]; then
	# tar's wildcards match across '/': "$top/*/Makefile*" covers every subfolder
	members=(--wildcards "$top/Makefile" "$top/*/Makefile*" "$top/*Kconfig*" "$top/Kbuild"
		"$top/scripts/*" "$top/arch/x86/configs/*")
fi
tar -xJf "$tarball" -C "$tree" --strip-components=1 "${members[@]}"
touch "$stamp"
echo "$tree"

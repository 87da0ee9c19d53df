#!/bin/bash
# Fetch Debian's packaged kernel (the current linux-image-6.1.0-*-amd64, or --package) with
# apt-get download and unpack what a guest needs into CACHE_ROOT/debian/<package>_<version>/:
#   vmlinuz  config  System.map  release  modules/lib/modules/<release>/ (modules.* index
#   files and the modules named by --modules, with their dependencies)
#   vm/kernel-fetch.sh [--package NAME] [--modules "veth ..."] CACHE_ROOT
# A second call uses the newest cached kernel without asking apt (--refresh asks apt for the
# current package and fetches it if it is new). Last line on stdout: the folder.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
package=
modules="veth"
refresh=0
usage() {
	echo "usage: $0 [--refresh] [--package linux-image-...] [--modules \"veth ...\"] CACHE_ROOT" >&2
	exit 2
}
while [[ $# -gt 0 ]]; do
	case $1 in
	--package) package=${2:?}; shift 2 ;;
	--modules) modules=${2:?}; shift 2 ;;
	--refresh) refresh=1; shift ;;
	-*) usage ;;
	*) break ;;
	esac
done
[[ $# -eq 1 ]] || usage
cache_root=$1
log() { echo "kernel-fetch: $*" >&2; }

newest_cached() {
	find "$cache_root/debian" -mindepth 2 -maxdepth 2 -name .xskns-done -printf '%T@ %h\n' \
		2>/dev/null | sort -n | tail -n 1 | cut -d' ' -f2- || true
}
if [[ -z $package && $refresh -eq 0 ]]; then
	cached=$(newest_cached)
	if [[ -n $cached && "$(cat "$cached/.xskns-modules")" == "$modules" ]]; then
		log "cache hit: $(cat "$cached/package")"
		(cd "$cached" && pwd)
		exit 0
	fi
fi

# the current image package: what the linux-image-amd64 metapackage depends on
if [[ -z $package ]]; then
	package=$(apt-cache show --no-all-versions linux-image-amd64 2>/dev/null |
		sed -n 's/^Depends: \(linux-image-[^ ,]*\).*/\1/p' | head -n 1 || true)
fi
version=
if [[ -n $package ]]; then
	version=$(apt-cache show --no-all-versions "$package" 2>/dev/null |
		sed -n 's/^Version: //p' | head -n 1 || true)
fi
if [[ -z $package || -z $version ]]; then
	# no package lists (offline, or before apt-get update): newest cached kernel, if any
	cached=$(newest_cached)
	if [[ -n $cached ]]; then
		log "apt-cache knows no kernel package; using cached $cached"
		echo "$cached"
		exit 0
	fi
	log "cannot resolve a Debian kernel package (run apt-get update)"
	exit 2
fi

dest=$cache_root/debian/${package}_$version
if [[ -f $dest/.xskns-done && "$(cat "$dest/.xskns-modules")" == "$modules" ]]; then
	log "cache hit: $package $version"
	(cd "$dest" && pwd)
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log "downloading $package $version"
(cd "$tmp" && apt-get download -q "$package=$version" >&2 2>"$tmp/apt.err") ||
	{ cat "$tmp/apt.err" >&2; exit 2; }
deb=$(find "$tmp" -maxdepth 1 -name '*.deb' | head -n 1)
[[ -n $deb ]] || { log "apt-get download produced no .deb"; exit 2; }

rm -rf "$dest"
mkdir -p "$dest/modules"
unpack=$tmp/root
mkdir -p "$unpack"
# The package ships no modules.dep (its postinst runs depmod): unpack the whole modules
# tree, index it with depmod, keep only what the guest loads.
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$unpack" --wildcards './boot/*' './lib/modules/*'
release=$(find "$unpack/lib/modules" -mindepth 1 -maxdepth 1 -printf '%f\n' | head -n 1)
moddir=$unpack/lib/modules/$release
depmod -b "$unpack" "$release"
read -r -a names <<<"$modules"
"$here/modules.sh" "$moddir" "${names[@]}" >"$tmp/wanted"
keep=$tmp/keep/lib/modules/$release
mkdir -p "$keep"
cp "$moddir/modules.dep" "$moddir/modules.order" "$moddir/modules.builtin" "$keep/"
while IFS= read -r m; do
	mkdir -p "$keep/$(dirname "$m")"
	cp "$moddir/$m" "$keep/$m"
done <"$tmp/wanted"
moddir=$keep

cp "$unpack/boot/vmlinuz-$release" "$dest/vmlinuz"
cp "$unpack/boot/config-$release" "$dest/config"
cp "$unpack/boot/System.map-$release" "$dest/System.map"
mkdir -p "$dest/modules/lib/modules"
cp -a "$moddir" "$dest/modules/lib/modules/"
echo "$release" >"$dest/release"
echo "$package $version" >"$dest/package"
printf '%s\n' "$modules" >"$dest/.xskns-modules"
touch "$dest/.xskns-done"
log "cached $package $version ($release): $(du -sh "$dest" | cut -f1)"
(cd "$dest" && pwd)

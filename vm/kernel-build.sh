#!/bin/bash
# Build a guest kernel from a source tree with the project's config fragment.
#   vm/kernel-build.sh [--base minimal|defconfig|TARGET] [--config-only] [--jobs N]
#                      [--fragment FILE] KSRC CACHE_ROOT
# The fragment (vm/kernel.config) is merged onto a base config with the tree's own
# scripts/kconfig/merge_config.sh, then `make olddefconfig`; every fragment option must
# survive (vm/kconfig-check.sh names the ones that did not). Bases (--base, default
# $KCONFIG_BASE or minimal):
#   minimal    `make allnoconfig` plus vm/kernel-minimal.config (checked too): only what
#              the guest and the scenarios need, a first build in minutes
#   defconfig  `make defconfig` (x86_64_defconfig): a general kernel, about an hour
#   TARGET     any other config target of the tree (tinyconfig, kvm_guest.config ...)
# The build is out of tree, in CACHE_ROOT/kbuild/<key>/, where key covers the source
# commit, a fingerprint of uncommitted changes, the fragments and the base, so a second
# call with the same inputs is a cache hit. ccache is used when present.
# Last line on stdout: the output folder (bzImage, vmlinux, System.map, config, release,
# modules/lib/modules/<release>/ when the config has modules).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=scripts/lib/paths.sh
. "$top/scripts/lib/paths.sh"
fragment=$xskns_vm_data/kernel.config
base=${KCONFIG_BASE:-minimal}
config_only=0
jobs=$(nproc)

usage() {
	echo "usage: $0 [--base minimal|defconfig|TARGET] [--config-only] [--jobs N] [--fragment FILE] KSRC CACHE_ROOT" >&2
	exit 2
}

while [[ $# -gt 0 ]]; do
	case $1 in
	--base) base=${2:?}; shift 2 ;;
	--config-only) config_only=1; shift ;;
	--jobs) jobs=${2:?}; shift 2 ;;
	--fragment) fragment=${2:?}; shift 2 ;;
	-h | --help) usage ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
done
[[ $# -eq 2 ]] || usage
[[ $base =~ ^[A-Za-z0-9_.-]+$ ]] || { echo "kernel-build: bad base '$base'" >&2; exit 2; }
# the fragments merged, in order, and checked
fragments=("$fragment")
[[ $base == minimal ]] && fragments=("$xskns_vm_data/kernel-minimal.config" "$fragment")
ksrc=$(cd "$1" && pwd)
cache_root=$2
[[ -f $ksrc/Makefile && -f $ksrc/scripts/kconfig/merge_config.sh ]] ||
	{ echo "kernel-build: $ksrc is not a kernel source tree" >&2; exit 2; }

log() { echo "kernel-build: $*" >&2; }

# What identifies the source: commit plus uncommitted changes in a git tree; otherwise a
# listing of every file's path, size and mtime (cheap, and changes when any file does).
source_id() {
	local top
	top=$(git -C "$ksrc" rev-parse --show-toplevel 2>/dev/null || true)
	if [[ -n $top && $(cd "$top" && pwd -P) == "$(cd "$ksrc" && pwd -P)" ]]; then
		local head dirty
		head=$(git -C "$ksrc" rev-parse HEAD)
		dirty=$({
			git -C "$ksrc" diff HEAD --binary
			git -C "$ksrc" ls-files -o --exclude-standard -z |
				(cd "$ksrc" && xargs -0 -r sha256sum)
		} | sha256sum | cut -c1-16)
		printf 'git-%s-%s\n' "${head:0:12}" "$dirty"
	else
		printf 'tree-%s\n' "$(find "$ksrc" -type f -printf '%P %s %T@\n' | LC_ALL=C sort |
			sha256sum | cut -c1-16)"
	fi
}

src=$(source_id)
mode=full
[[ $config_only -eq 1 ]] && mode=config
key=$(printf '%s\n' "$src" "$base" "$mode" | cat - "${fragments[@]}" | sha256sum | cut -c1-16)
out=$cache_root/kbuild/$src-$key
mkdir -p "$out"
out=$(cd "$out" && pwd)

done_stamp=$out/.xskns-$mode-done
if [[ -f $done_stamp ]]; then
	log "cache hit: $out ($(cat "$out/release" 2>/dev/null || echo config only))"
	echo "$out"
	exit 0
fi

make_args=(-C "$ksrc" O="$out/build" ARCH=x86_64)
if command -v ccache >/dev/null 2>&1; then
	make_args+=(CC="ccache gcc" HOSTCC="ccache gcc")
	log "using ccache"
fi
mkdir -p "$out/build"

cfg_fail() { tail -n 20 "$out/config.log" >&2; exit 1; }
if [[ $base == minimal ]]; then
	# allnoconfig with the fragments as its fixed answers (KCONFIG_ALLCONFIG): options
	# that only appear once a fragment option is on (IPv6 under INET, say) are off too,
	# where merging onto a finished allnoconfig would give them their defaults
	log "base config: make allnoconfig with ${fragments[*]} ($src)"
	cat "${fragments[@]}" >"$out/allconfig"
	make "${make_args[@]}" KCONFIG_ALLCONFIG="$out/allconfig" allnoconfig >"$out/config.log" 2>&1 ||
		cfg_fail
else
	log "base config: make $base ($src)"
	make "${make_args[@]}" "$base" >"$out/config.log" 2>&1 || cfg_fail
	log "merging ${fragments[*]} with scripts/kconfig/merge_config.sh"
	"$ksrc/scripts/kconfig/merge_config.sh" -m -O "$out/build" "$out/build/.config" \
		"${fragments[@]}" >>"$out/config.log" 2>&1 || cfg_fail
fi
make "${make_args[@]}" olddefconfig >>"$out/config.log" 2>&1 || cfg_fail
cp "$out/build/.config" "$out/config"
echo "$base" >"$out/base"
"$here/kconfig-check.sh" "${fragments[@]}" "$out/config" >&2

if [[ $config_only -eq 1 ]]; then
	touch "$done_stamp"
	echo "$out"
	exit 0
fi

targets=(bzImage)
grep -q '^CONFIG_MODULES=y' "$out/config" && targets+=(modules)
grep -q '^CONFIG_GDB_SCRIPTS=y' "$out/config" && targets+=(scripts_gdb)
log "building ${targets[*]} with -j$jobs (log: $out/build.log)"
start=$(date +%s)
if ! nice -n 10 make "${make_args[@]}" -j"$jobs" "${targets[@]}" >"$out/build.log" 2>&1; then
	tail -n 30 "$out/build.log" >&2
	exit 1
fi
if grep -q '^CONFIG_MODULES=y' "$out/config"; then
	rm -rf "$out/modules"
	make "${make_args[@]}" INSTALL_MOD_PATH="$out/modules" INSTALL_MOD_STRIP=1 \
		modules_install >>"$out/build.log" 2>&1
fi
build=$out/build
cp "$build/arch/x86/boot/bzImage" "$out/bzImage"
ln -sf build/vmlinux "$out/vmlinux"
cp "$build/System.map" "$out/System.map"
make -s "${make_args[@]}" kernelrelease >"$out/release"
echo "$ksrc" >"$out/source"
log "built $(cat "$out/release") in $(($(date +%s) - start)) s"
touch "$done_stamp"
echo "$out"

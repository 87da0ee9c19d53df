#!/bin/bash
# Build the guest's initramfs layers (gzip'd newc cpio archives; the kernel unpacks
# concatenated archives in order, so a boot uses base + modules + run):
#   vm/mkinitramfs.sh base OUT [--harness BIN] [--scenarios DIR] [--extra BIN]...
#                     [--impl NAME BIN]...   (BIN as /usr/bin/xskns-NAME)
#       busybox (static), vm/init, the harness and every shared library it needs (ldd),
#       Debian's ip (busybox's has no netns / index), libxdp's BPF objects, the scenarios
#   vm/mkinitramfs.sh modules OUT MODDIR NAME...
#       the named modules of lib/modules/<release> (MODDIR) and their dependencies,
#       decompressed, plus /etc/xskns/modules, the load order
#   vm/mkinitramfs.sh run OUT MODE [--add SRC DEST]... -- ARG...
#       /etc/xskns/mode, /etc/xskns/args (one argument per line), and host files the
#       run needs (a scenario given as a path, a pcap) at DEST
# base and modules are rebuilt only when an input changed (a manifest of the inputs'
# paths, sizes and mtimes is kept beside OUT); the run layer is tiny and always rebuilt.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=scripts/lib/help.sh
. "$top/scripts/lib/help.sh"
# shellcheck source=scripts/lib/paths.sh
. "$top/scripts/lib/paths.sh"
log() { echo "mkinitramfs: $*" >&2; }
usage() {
	header_help "${BASH_SOURCE[0]}" >&2
	exit 2
}

# pack STAGING OUT: the staging folder as a root-owned gzip'd newc cpio
pack() {
	local tmp_out=$2.tmp.$$   # per process: guests may be built side by side
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0) | gzip -6 -n >"$tmp_out"
	mv "$tmp_out" "$2"
}

# up_to_date OUT MANIFEST: true when OUT exists and was built from the same inputs
up_to_date() {
	[[ -f $1 && -f $1.manifest ]] && cmp -s "$2" "$1.manifest"
}

# stat line of each input, for the manifest
describe() {
	local f
	for f in "$@"; do
		printf '%s %s\n' "$(realpath "$f")" "$(stat -L -c '%s %Y' "$f")"
	done
}

# copy_elf STAGING BIN DEST: BIN at DEST inside STAGING, with its shared libraries at
# the paths the dynamic loader will look for them
copy_elf() {
	local staging=$1 bin=$2 dest=$3 lib
	install -D -m 0755 "$bin" "$staging$dest"
	while IFS= read -r lib; do
		[[ -e $staging$lib ]] || install -D -m 0755 "$lib" "$staging$lib"
	done < <(elf_libs "$bin")
}

# elf_libs BIN: absolute paths of the shared objects ldd resolves for BIN
elf_libs() {
	ldd "$1" 2>/dev/null | awk '
		$2 == "=>" && $3 ~ /^\// { print $3 }
		$1 ~ /^\// { print $1 }'
}

build_base() {
	local out=$1
	shift
	local harness=$xskns_harness scenarios=$xskns_scenarios extras=() inames=() ibins=()
	while [[ $# -gt 0 ]]; do
		case $1 in
		--harness) harness=${2:?}; shift 2 ;;
		--scenarios) scenarios=${2:?}; shift 2 ;;
		--extra) extras+=("${2:?}"); shift 2 ;;
		--impl) inames+=("${2:?}"); ibins+=("${3:?}"); shift 3 ;;
		*) usage ;;
		esac
	done
	local busybox ip
	busybox=$(command -v busybox) || { log "busybox missing (apt-get install busybox-static)"; exit 2; }
	if ldd "$busybox" >/dev/null 2>&1; then
		log "$busybox is dynamically linked; install busybox-static"
		exit 2
	fi
	ip=$(command -v ip) || { log "ip missing (apt-get install iproute2)"; exit 2; }
	[[ -x $harness ]] || { log "harness $harness missing (run make)"; exit 2; }

	local inputs=("${BASH_SOURCE[0]}" "$xskns_vm_data/init" "$busybox" "$ip" "$harness")
	local bpfobj=()
	local f
	for f in /usr/lib/x86_64-linux-gnu/bpf/xsk_def_xdp_prog*.o \
		/usr/lib/x86_64-linux-gnu/bpf/xdp-dispatcher.o; do
		[[ -f $f ]] && bpfobj+=("$f")
	done
	local scn=()
	if [[ -d $scenarios ]]; then
		mapfile -t scn < <(find "$scenarios" -maxdepth 1 -name '*.scn' | LC_ALL=C sort)
	fi
	local libs=()
	mapfile -t libs < <(for f in "$ip" "$harness" "${extras[@]}" "${ibins[@]}"; do elf_libs "$f"; done | sort -u)
	local manifest
	manifest=$(mktemp)
	{
		describe "${inputs[@]}" "${extras[@]}" "${ibins[@]}" "${bpfobj[@]}" "${scn[@]}" "${libs[@]}"
		[[ ${#inames[@]} -eq 0 ]] || printf 'impl %s\n' "${inames[@]}"
	} >"$manifest"
	if up_to_date "$out" "$manifest"; then
		rm -f "$manifest"
		log "base image up to date: $out"
		return 0
	fi

	local staging
	staging=$(mktemp -d)
	mkdir -p "$staging"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,run,tmp,var,etc/xskns,root}
	mkdir -p "$staging"/usr/share/xskns/scenarios "$staging"/lib/modules
	install -m 0755 "$busybox" "$staging/bin/busybox"
	# init runs `busybox --install -s` first: one link per applet, made in the guest
	ln -s busybox "$staging/bin/sh"
	install -m 0755 "$xskns_vm_data/init" "$staging/init"
	copy_elf "$staging" "$ip" /usr/lib/xskns/ip   # linked over busybox's ip by init
	copy_elf "$staging" "$harness" /usr/bin/xskns
	for f in "${extras[@]}"; do
		copy_elf "$staging" "$f" "/usr/bin/$(basename "$f")"
	done
	local i
	for i in "${!inames[@]}"; do
		copy_elf "$staging" "${ibins[i]}" "/usr/bin/xskns-${inames[i]}"
	done
	for f in "${bpfobj[@]}"; do
		install -D -m 0644 "$f" "$staging$f"
	done
	for f in "${scn[@]}"; do
		install -m 0644 "$f" "$staging/usr/share/xskns/scenarios/"
	done
	# the kernel opens /dev/console before init runs; init reopens it after devtmpfs
	mknod -m 600 "$staging/dev/console" c 5 1 2>/dev/null ||
		log "no /dev/console node in the image (not root?): early init output is lost"
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$staging/etc/passwd"
	printf 'root:x:0:\n' >"$staging/etc/group"
	# busybox sh runs its own applets before PATH: make `ip` Debian's
	printf '%s\n' 'export PS1="xskns-guest# "' 'ip() { /usr/lib/xskns/ip "$@"; }' 'cd /root' \
		>"$staging/etc/profile"
	pack "$staging" "$out"
	rm -rf "$staging"
	mv "$manifest" "$out.manifest"
	log "base image: $out ($(du -h "$out" | cut -f1))"
}

build_modules() {
	local out=$1 moddir=$2
	shift 2
	[[ -f $moddir/modules.dep ]] || { log "$moddir/modules.dep missing"; exit 2; }
	local release list
	release=$(basename "$moddir")
	list=$(mktemp)
	"$here/modules.sh" "$moddir" "$@" >"$list"
	local manifest
	manifest=$(mktemp)
	{
		describe "${BASH_SOURCE[0]}" "$moddir/modules.dep"
		while IFS= read -r m; do describe "$moddir/$m"; done <"$list"
	} >"$manifest"
	if up_to_date "$out" "$manifest"; then
		rm -f "$manifest" "$list"
		log "modules image up to date: $out"
		return 0
	fi
	local staging m plain
	staging=$(mktemp -d)
	mkdir -p "$staging/etc/xskns" "$staging/lib/modules/$release"
	: >"$staging/etc/xskns/modules"
	while IFS= read -r m; do
		plain=${m%.xz}
		plain=${plain%.zst}
		plain=${plain%.gz}
		mkdir -p "$staging/lib/modules/$release/$(dirname "$m")"
		case $m in
		*.xz) xz -dc "$moddir/$m" ;;
		*.zst) zstd -qdc "$moddir/$m" ;;
		*.gz) gzip -dc "$moddir/$m" ;;
		*) cat "$moddir/$m" ;;
		esac >"$staging/lib/modules/$release/$plain"
		echo "$plain" >>"$staging/etc/xskns/modules"
	done <"$list"
	pack "$staging" "$out"
	rm -rf "$staging" "$list"
	mv "$manifest" "$out.manifest"
	log "modules image: $out ($(wc -l <"$out.manifest") files, $(du -h "$out" | cut -f1))"
}

build_run() {
	local out=$1 mode=$2 a
	shift 2
	local staging
	staging=$(mktemp -d)
	mkdir -p "$staging/etc/xskns"
	while [[ $# -gt 0 && $1 != -- ]]; do
		[[ $1 == --add && $# -ge 3 ]] || usage
		install -D -m 0644 "$2" "$staging$3"
		shift 3
	done
	[[ $# -gt 0 ]] && shift
	echo "$mode" >"$staging/etc/xskns/mode"
	: >"$staging/etc/xskns/args"
	for a in "$@"; do
		if [[ $a == *$'\n'* ]]; then
			log "an argument with a newline cannot be passed to the guest"
			exit 2
		fi
		printf '%s\n' "$a" >>"$staging/etc/xskns/args"
	done
	pack "$staging" "$out"
	rm -rf "$staging"
}

[[ $# -ge 2 ]] || usage
layer=$1
shift
mkdir -p "$(dirname "$1")"
case $layer in
base) build_base "$@" ;;
modules) build_modules "$@" ;;
run) build_run "$@" ;;
*) usage ;;
esac

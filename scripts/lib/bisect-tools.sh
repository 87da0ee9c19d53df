# shellcheck shell=bash
# (sourced, not run)
# What a bisection needs on this machine, by what its steps do. Sourced by scripts/bisect
# (checked before the first step) and scripts/bisect-run (checked before each step's build,
# and its build log read for a command the shell could not find), so that a missing tool
# is an error naming it, never a commit judged BUILD-FAILED and skipped.
#
# Each need is "cmd NAME PACKAGE" (a command on PATH) or "lib NAME PACKAGE" (a pkg-config
# module); PACKAGE is the Debian package that provides it (scripts/install-deps installs
# them all: `make deps`).

# bisect_needs KIND BUILDS VM: one need per line
#   KIND    kernel | selftests | libxdp | libbpf | image
#   BUILDS  1 when the step builds the harness (and the tree), 0 for a given binary
#   VM      1 when the scenario runs in a guest started by vm/run-guest (not a stand-in)
#   $BISECT_LIBBPF=system: a libxdp tree without its lib/libbpf submodule (the system's libbpf)
#   $BISECT_DEBIAN_KERNELS=1: guests boot Debian's packaged kernels (vm/kernel-fetch.sh)
bisect_needs() {
	local kind=$1 builds=$2 vm=$3
	printf '%s\n' "cmd git git" "cmd jq jq" "cmd timeout coreutils" "cmd sha256sum coreutils" \
		"cmd awk mawk" "cmd sed sed"
	if [[ $builds == 1 ]]; then
		# the harness and its BPF objects (Makefile)
		printf '%s\n' "cmd make make" "cmd cc gcc" "cmd clang clang" "cmd bpftool bpftool" \
			"cmd pkg-config pkg-config" "lib libbpf libbpf-dev" "lib libelf libelf-dev" \
			"lib libpcap libpcap-dev" "lib libseccomp libseccomp-dev"
		case $kind in
		kernel | image) echo "lib libxdp libxdp-dev" ;;
		esac
		case $kind in
		libxdp)
			# libxdp built from a copy of the tree (cpio makes the copy; configure and
			# lib/libxdp's Makefile call llc and m4)
			printf '%s\n' "cmd cpio cpio" "cmd llc llvm" "cmd m4 m4" "lib zlib zlib1g-dev"
			[[ ${BISECT_LIBBPF:-} != system ]] || echo "lib libxdp libxdp-dev"
			;;
		libbpf)
			# the tree's libbpf.a (libelf, zlib), one object of it (ld -r, objcopy)
			printf '%s\n' "lib zlib zlib1g-dev" "cmd ld binutils" "cmd objcopy binutils"
			;;
		kernel)
			printf '%s\n' "cmd gcc gcc" "cmd flex flex" "cmd bison bison" "cmd bc bc" "cmd perl perl" \
				"cmd cpio cpio" "lib openssl libssl-dev"
			;;
		esac
	fi
	if [[ $vm == 1 ]]; then
		# vm/run-guest: QEMU and the busybox initramfs (vm/mkinitramfs.sh)
		printf '%s\n' "cmd qemu-system-x86_64 qemu-system-x86" "cmd busybox busybox-static" \
			"cmd cpio cpio" "cmd gzip gzip" "cmd ip iproute2"
		if [[ ${BISECT_DEBIAN_KERNELS:-0} == 1 ]]; then
			# fetched with a private apt configuration, unpacked, indexed, modules unpacked
			printf '%s\n' "cmd apt-get apt" "cmd dpkg-deb dpkg" "cmd depmod kmod" "cmd flock util-linux" \
				"cmd xz xz-utils" "cmd zstd zstd"
		fi
	fi
}

# bisect_missing KIND BUILDS VM: prints the first need this machine lacks, as
# "NAME (package PACKAGE)" or "pkg-config module NAME (package PACKAGE)"; status 1 then
bisect_missing() {
	local what name pkg
	while read -r what name pkg; do
		case $what in
		cmd) command -v "$name" >/dev/null 2>&1 || { echo "$name (package $pkg)"; return 1; } ;;
		lib)
			if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$name" 2>/dev/null; then
				echo "pkg-config module $name (package $pkg)"
				return 1
			fi
			;;
		esac
	done < <(bisect_needs "$@" | awk '!seen[$0]++')
	return 0
}

# bisect_log_missing LOG: a command a build's shell or make could not find, named in LOG
# ("sh: 1: cpio: not found", "bash: line 3: cpio: command not found", "make: cpio: No such
# file or directory") and absent from PATH now; prints it, status 1 when there is one
bisect_log_missing() {
	local name
	while read -r name; do
		[[ -n $name ]] || continue
		command -v "$name" >/dev/null 2>&1 || { echo "$name"; return 1; }
	done < <(sed -nE 's/^.*: ([A-Za-z0-9_.+-]+): (command )?not found$/\1/p
		s/^make(\[[0-9]+\])?: ([A-Za-z0-9_.+-]+): No such file or directory$/\2/p' "$1" 2>/dev/null)
	return 0
}

# bisect_log_first_error LOG: the line of a failed build's LOG that says why, for a step's
# one line: the first compiler, make or configure error (else the last line), tabs made
# spaces, at most 200 characters
bisect_log_first_error() {
	local line
	line=$(grep -m 1 -E '(^|[^-])(error|Error|ERROR)([: ]|$)|[Cc]annot find|not found|No such file|missing' "$1" 2>/dev/null) ||
		line=$(grep -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n 1)
	line=${line//$'\t'/ }
	printf '%s\n' "${line:0:200}"
}

# bisect_libxdp_unbuildable SRC OLD NEW PLAN: the commits of OLD..NEW (and OLD) a libxdp
# step cannot build before it tries, as "COUNT TOTAL NEWEST_SHA WHY" (one line; COUNT 0 when
# none). PLAN is the libbpf the steps use: system (lib/libbpf not checked out) or submodule.
#   system:    a configure that wants bpf_set_link_xdp_fd_opts() (libbpf 0.x; xdp-tools
#              before 64550ee) when the system's libbpf has no such function
#   submodule: a commit whose lib/libbpf commit is not in the submodule's objects
bisect_libxdp_unbuildable() {
	local src=$1 old=$2 new=$3 plan=$4 c sha n=0 total=0 newest='' why='' inc
	inc=$(pkg-config --variable=includedir libbpf 2>/dev/null || echo /usr/include)
	if [[ $plan == system ]] && grep -qs 'bpf_set_link_xdp_fd_opts' "$inc/bpf/libbpf.h"; then
		echo "0 0 - -"
		return 0
	fi
	while read -r c; do
		total=$((total + 1))
		if [[ $plan == system ]]; then
			git -C "$src" grep -q -e bpf_set_link_xdp_fd_opts "$c" -- configure 2>/dev/null || continue
		else
			sha=$(git -C "$src" ls-tree "$c" lib/libbpf 2>/dev/null | awk '$2 == "commit" { print $3 }')
			[[ -n $sha ]] || continue
			git -C "$src/lib/libbpf" cat-file -e "$sha^{commit}" 2>/dev/null && continue
		fi
		n=$((n + 1))
		[[ -n $newest ]] || newest=$c
	done < <(git -C "$src" rev-list "$old..$new" 2>/dev/null; echo "$old")
	if [[ $plan == system ]]; then
		why="their configure wants bpf_set_link_xdp_fd_opts() (libbpf 0.x), which the system's libbpf $(pkg-config --modversion libbpf 2>/dev/null || echo '(version unknown)') lacks, and the tree's lib/libbpf submodule is not checked out"
	else
		why="the libbpf commit each records for lib/libbpf is not in the submodule's objects, and a step fetches nothing"
	fi
	echo "$n $total ${newest:--} $why"
}

# bisect_submodule_fetchable SRC: status 0 when lib/libbpf's URL answers now (10 s at most)
bisect_submodule_fetchable() {
	local url
	url=$(git -C "$1" config -f .gitmodules --get submodule.lib/libbpf.url 2>/dev/null ||
		git -C "$1" config -f .gitmodules --get submodule.libbpf.url 2>/dev/null) || return 1
	GIT_TERMINAL_PROMPT=0 timeout 10 git -C "$1" ls-remote -q "$url" HEAD >/dev/null 2>&1 || return 1
}

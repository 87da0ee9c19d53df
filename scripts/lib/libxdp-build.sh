# shellcheck shell=bash
# Building libxdp in a copy of an xdp-tools tree, the one way scripts/bisect-run,
# scripts/impl-build and the tests do it.

# libxdp_build DIR LIBBPF: configure the xdp-tools copy DIR and build lib/libxdp,
# against its own lib/libbpf (LIBBPF=tree) or the system's (system). The output goes to
# the caller's stdout and stderr; the status is the build's. MAKEFLAGS is cleared: the
# caller's make's command line is not for xdp-tools.
libxdp_build() {
	(
		cd "$1" || exit 1
		if [[ $2 == tree ]]; then
			export FORCE_SUBDIR_LIBBPF=1
			unset FORCE_SYSTEM_LIBBPF
		else
			export FORCE_SYSTEM_LIBBPF=1
			unset FORCE_SUBDIR_LIBBPF
		fi
		BPF_CFLAGS="-I/usr/include/$(uname -m)-linux-gnu"
		export BPF_CFLAGS MAKEFLAGS=
		./configure && make -C lib libbpf && make -C lib/libxdp
	)
}

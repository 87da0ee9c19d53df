#!/bin/bash
# Trace every xsk_bind() of a scenario run in a guest, unattended, through QEMU's gdb stub.
#   vm/trace-bind.sh [--kernel K [--modules DIR] | --ksrc DIR] [--results DIR]
#                    [--timeout S] [--accel auto|kvm|tcg] -- <xskns run args>
# --kernel takes what run-guest's does (a bzImage, a folder, debian:SUITE, debian:PACKAGE, a
# .deb). --accel (make ACCEL=) is run-guest's, for the kallsyms guest and the traced one.
# A kernel with debug info (a vm/kernel-build.sh output folder with its vmlinux, or
# Debian's kernel after `make vm-kernel-dbg`) is traced by symbol; any other kernel by
# the addresses its own /proc/kallsyms shows with nokaslr (vm/kallsyms.sh, cached).
# One line per bind on the console and in each run folder as trace-bind.txt; the exit
# status is the guest's verdict, as for vm/run-guest.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib/help.sh
. "$here/../scripts/lib/help.sh"
top=$(cd "$here/.." && pwd)
# shellcheck source=scripts/lib/paths.sh
. "$top/scripts/lib/paths.sh"
cache=$xskns_cache
kernel=
modules=
ksrc=
pass=()
accel=()
usage() {
	header_help "${BASH_SOURCE[0]}" >&2
	exit 2
}
while [[ $# -gt 0 ]]; do
	case $1 in
	--kernel) kernel=${2:?}; shift 2 ;;
	--modules) modules=${2:?}; shift 2 ;;
	--ksrc) ksrc=${2:?}; shift 2 ;;
	--accel)
		case ${2:-} in
		auto | kvm | tcg) accel=(--accel "$2") ;;
		*) echo "trace-bind: unknown accelerator '${2:-}' (--accel, make ACCEL=): use auto, kvm or tcg" >&2; exit 2 ;;
		esac
		shift 2
		;;
	--results | --timeout | --boot-timeout) pass+=("$1" "${2:?}"); shift 2 ;;
	-v | --verbose) pass+=("$1"); shift ;;
	--) shift; break ;;
	*) usage ;;
	esac
done
[[ $# -gt 0 ]] || usage

# resolve the kernel to an image (+ modules, + vmlinux when there is one)
vmlinux=
if [[ -n $ksrc ]]; then
	kernel=$("$here/kernel-build.sh" "$ksrc" "$cache" | tail -n 1) || exit 2
fi
if [[ -z $kernel || $kernel == debian:* || ($kernel == *.deb && -f $kernel) || -f $kernel/package ]]; then
	# a Debian kernel: the default, by name, a .deb, or a vm/kernel-fetch.sh folder
	if [[ -f $kernel/package ]]; then
		kdir=$kernel
	else
		kdir=$("$here/kernel-fetch.sh" "$cache" ${kernel:+"$kernel"}) || exit 2
	fi
	kernel=$kdir/vmlinuz
	modules=$kdir/modules
	[[ -f $kdir/vmlinux ]] && vmlinux=$kdir/vmlinux
elif [[ -d $kernel ]]; then
	[[ -e $kernel/vmlinux ]] && vmlinux=$kernel/vmlinux
	[[ -z $modules && -d $kernel/modules ]] && modules=$kernel/modules
	kernel=$kernel/bzImage
fi
kargs=(--kernel "$kernel")
[[ -n $modules ]] && kargs+=(--modules "$modules")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gdbargs=()
if [[ -n $vmlinux ]]; then
	echo "trace-bind: symbols from $vmlinux" >&2
	echo "python xskns_syms = {}" >"$tmp/syms.gdb"
	gdbargs+=(--gdb-symbols "$vmlinux")
else
	"$here/kallsyms.sh" "${kargs[@]}" "${accel[@]}" -- "$kernel" >"$tmp/kallsyms" || exit 2
	{
		printf 'python xskns_syms = {'
		awk '{ printf "\"%s\": 0x%s, ", $3, $1 }' "$tmp/kallsyms"
		printf '}\n'
	} >"$tmp/syms.gdb"
fi
status=0
# one vCPU: with two, QEMU's stub lost a breakpoint hit when both CPUs hit at once
"$here/run-guest" "${kargs[@]}" "${accel[@]}" "${pass[@]}" "${gdbargs[@]}" --cpus 1 --gdb auto \
	--gdb-batch "$tmp/syms.gdb" --gdb-batch "$xskns_vm_data/trace-bind.py" --gdb-out trace-bind.txt \
	-- "$@" || status=$?
exit "$status"

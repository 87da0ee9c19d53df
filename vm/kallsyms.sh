#!/bin/bash
# Addresses of the kernel functions the debugging tools need, for a kernel without debug
# info: read once from the guest's own /proc/kallsyms (booted with nokaslr, so they are
# the same on every boot of that build) and cached per kernel image.
#   vm/kallsyms.sh [run-guest options: --kernel --modules --accel ...] -- KERNEL_IMAGE
# Prints "ADDRESS TYPE NAME" lines; CACHE/kallsyms/<image sha256>.txt keeps them.
# --accel auto|kvm|tcg (make ACCEL=) picks the probe guest's accelerator, as for run-guest.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=scripts/lib/paths.sh
. "$top/scripts/lib/paths.sh"
cache=$xskns_cache
symbols=(xsk_bind xp_assign_dev_shared xsk_setsockopt xsk_getsockopt xsk_create
	__sys_bind sk_getsockopt sock_getsockopt)

opts=()
while [[ $# -gt 0 && $1 != -- ]]; do
	if [[ $1 == --accel ]]; then
		case ${2:-} in
		auto | kvm | tcg) ;;
		*) echo "kallsyms: unknown accelerator '${2:-}' (--accel, make ACCEL=): use auto, kvm or tcg" >&2; exit 2 ;;
		esac
	fi
	opts+=("$1")
	shift
done
[[ $# -eq 2 ]] || { echo "usage: $0 [run-guest options] -- KERNEL_IMAGE" >&2; exit 2; }
image=$2
key=$(sha256sum "$image" | cut -c1-16)
file=$cache/kallsyms/$key.txt
if [[ -s $file ]]; then
	cat "$file"
	exit 0
fi
mkdir -p "$cache/kallsyms"
pattern=" ($(IFS='|'; echo "${symbols[*]}"))\$"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "kallsyms: reading symbol addresses from a nokaslr boot of $image (once per kernel)" >&2
"$here/run-guest" "${opts[@]}" --append nokaslr --results "$tmp/r" --timeout 300 --exec -- \
	grep -E "$pattern" /proc/kallsyms >"$tmp/syms" ||
	{ echo "kallsyms: the probe guest failed" >&2; exit 2; }
grep -q ' xsk_bind$' "$tmp/syms" || { echo "kallsyms: no xsk_bind in the guest's kallsyms" >&2; exit 2; }
mv "$tmp/syms" "$file"
cat "$file"

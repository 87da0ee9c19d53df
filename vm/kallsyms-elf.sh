#!/bin/bash
# A symbol file gdb loads for a kernel without debug info: the "ADDRESS TYPE NAME" lines
# of vm/kallsyms.sh as function symbols of an ELF whose one section (no contents) spans
# them, so `break xsk_bind` works by name and a backtrace shows the names instead of ??.
#   vm/kallsyms-elf.sh KALLSYMS_TXT OUT_ELF
# Only text symbols (t, T, w, W) without a module are kept. Needs as and ld (binutils).
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 KALLSYMS_TXT OUT_ELF" >&2; exit 2; }
in=$1 out=$2
[[ -s $in ]] || { echo "kallsyms-elf: no symbols in '$in'" >&2; exit 2; }
for tool in as ld; do
	command -v "$tool" >/dev/null || { echo "kallsyms-elf: needs $tool (binutils)" >&2; exit 3; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# same-length hex addresses sort as numbers
awk 'NF == 3 && $2 ~ /^[tTwW]$/ && $1 ~ /^[0-9a-f]+$/' "$in" | sort >"$tmp/text"
[[ -s $tmp/text ]] || { echo "kallsyms-elf: no text symbols in '$in'" >&2; exit 2; }
base=$(head -n 1 "$tmp/text" | cut -d' ' -f1)
last=$(tail -n 1 "$tmp/text" | cut -d' ' -f1)
{
	echo '.section .ktext,"ax",@nobits'
	echo 'ktext_base:'
	while read -r addr _ name; do
		# offsets from the lowest address: bash's 64-bit arithmetic wraps the same way
		printf '.globl %s\n.type %s, @function\n.set %s, ktext_base + 0x%x\n' \
			"$name" "$name" "$name" $((16#$addr - 16#$base))
	done <"$tmp/text"
	printf '.skip 0x%x\n' $((16#$last - 16#$base + 16))
} >"$tmp/syms.s"
as -o "$tmp/syms.o" "$tmp/syms.s"
ld -o "$tmp/syms.elf" --section-start=.ktext=0x"$base" -e 0 "$tmp/syms.o"
mv "$tmp/syms.elf" "$out"

#!/bin/bash
# Kernel debugging through QEMU's gdb stub, under TCG, on Debian's 6.1 kernel without
# debug info (addresses from its /proc/kallsyms with nokaslr):
# - trace-bind: one guest runs colliding-ifindex then no-netns-cookie; the trace shows
#   each pair of binds on ifindex 4242, the second with XDP_SHARED_UMEM, returning 0 for
#   colliding-ifindex and -22 (EINVAL) for no-netns-cookie;
# - make debug's guest: paused at the first instruction, gdb attaches with the printed
#   command (which loads the kallsyms symbol file), sets a breakpoint on xsk_bind by
#   name, reads a register, continues, and the guest finishes its scenario;
# - first, without a guest: that symbol file (vm/kallsyms-elf.sh) gives gdb the names.
# run-all: host namespaces (the network: Debian's kernels are fetched on a first run)
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 15
if ! command -v qemu-system-x86_64 >/dev/null || ! command -v gdb >/dev/null; then
	for i in $(seq 1 15); do skip "debug test $i" "qemu-system-x86_64 or gdb missing"; done
	exit 0
fi

# The symbol file make debug hands gdb for a kernel without debug info: kallsyms lines
# as function symbols, so a breakpoint is set by name, at the kallsyms address.
printf '%s\n' 'ffffffff819ae8c0 t xsk_bind' 'ffffffff817b1ec0 T __sys_bind' \
	'ffffffff82000000 D some_data' >"$TMP/ks.txt"
"$TOP/vm/kallsyms-elf.sh" "$TMP/ks.txt" "$TMP/ks.elf"
out=$(gdb -q -nx -batch -ex "file $TMP/ks.elf" -ex 'break xsk_bind' -ex 'break __sys_bind' \
	-ex 'break some_data' 2>&1)
like "$out" 'Breakpoint 1 at 0xffffffff819ae8c0' "symbol file: break xsk_bind by name, at its kallsyms address"
like "$out" 'Breakpoint 2 at 0xffffffff817b1ec0' "symbol file: a global text symbol too"
like "$out" 'Function "some_data" not defined' "symbol file: data symbols left out"
like "$(gdb -q -nx -batch -ex 'break xsk_bind' 2>&1)" 'No symbol table is loaded' \
	"without it gdb cannot break by name (what make debug left the user with)"

"$TOP/vm/trace-bind.sh" --results "$TMP/r" --timeout 300 -- --duration 1 \
	colliding-ifindex no-netns-cookie >"$TMP/ktap" 2>"$TMP/log"
status=$?
is "$status" 1 "trace-bind: the guest's verdict is the exit status (1: BUG)" ||
	tail -n 20 "$TMP/log" | sed 's/^/# /'
trace=$(find "$TMP/r" -path '*/no-netns-cookie-*/trace-bind.txt' | head -n 1)
[ -s "$trace" ]
ok $? "trace-bind.txt lands in the run folder"
mapfile -t b < <(grep -E '^bind [0-9]+: .* ifindex=4242 ' "$trace" 2>/dev/null)
is "${#b[@]}" 4 "four binds on ifindex 4242: two per scenario" "$(cat "$trace" 2>/dev/null)"
like "${b[0]:-}" 'flags=0x8\(XDP_USE_NEED_WAKEUP\) .* -> 0$' \
	"colliding-ifindex: first bind, XDP_USE_NEED_WAKEUP, returns 0"
like "${b[1]:-}" 'flags=0x1\(XDP_SHARED_UMEM\) ifindex=4242 queue_id=0 shared_umem_fd=[1-9][0-9]* -> 0$' \
	"colliding-ifindex: second bind, XDP_SHARED_UMEM with the first socket's fd, returns 0"
like "${b[2]:-}" 'flags=0x8\(XDP_USE_NEED_WAKEUP\) .* -> 0$' \
	"no-netns-cookie: first bind returns 0"
like "${b[3]:-}" 'flags=0x1\(XDP_SHARED_UMEM\) ifindex=4242 .* -> -22$' \
	"no-netns-cookie: second bind, XDP_SHARED_UMEM, returns -22 (EINVAL)"
grep -qE '^  xp_assign_dev_shared [0-9]+: .* -> -22$' "$trace" 2>/dev/null
ok $? "the EINVAL comes from xp_assign_dev_shared"

# make debug's guest, attached by hand with the command it prints
"$TOP/vm/run-guest" --gdb auto --results "$TMP/d" --timeout 300 -- --duration 1 \
	colliding-ifindex >"$TMP/dktap" 2>"$TMP/dlog" &
guest=$!
port=
for _ in $(seq 1 300); do
	port=$(sed -n "s/.*target remote 127\.0\.0\.1:\([0-9]*\)'.*/\1/p" "$TMP/dlog" | head -n 1)
	[ -n "$port" ] && break
	sleep 0.2
done
elf=$(sed -n "s/.*-ex 'file \([^']*\.elf\)'.*/\1/p" "$TMP/dlog" | head -n 1)
want=$(awk '$3 == "xsk_bind" { print $1 }' "${elf%.elf}.txt" 2>/dev/null)
# shellcheck disable=SC2016  # $rip is gdb's
timeout 300 gdb -q -nx -batch -x "$TOP/vm/gdbinit" -ex "file ${elf:-/nonexistent}" \
	-ex "target remote 127.0.0.1:${port:-0}" -ex 'break xsk_bind' -ex delete \
	-ex 'printf "rip=0x%lx\n", $rip' -ex continue >"$TMP/gdb" 2>&1
like "$(cat "$TMP/gdb")" 'rip=0xfff0' "debug: gdb attaches to the paused guest (port ${port:-?}) and reads rip"
like "$(cat "$TMP/gdb")" "Breakpoint 1 at 0x${want:-none}" \
	"debug: the printed command loads the kallsyms symbols: break xsk_bind by name (${elf:-no file})"
wait "$guest"
status=$?
is "$status" 0 "debug: after continue the guest runs colliding-ifindex to PASS" ||
	tail -n 20 "$TMP/dlog" | sed 's/^/# /'
exit $((_failed > 0))

#!/bin/bash
# The UMEM ownership ledger can fail, for each kind of violation, with the
# right verdict. A correct kernel never hands a frame back without right, so
# the forwarder's --fault emulates it between the ring and the ledger (4 times
# a run): an RX descriptor read with a forged address, one completion more than
# the ring held. The kernel's kinds make the run BUG naming the socket, the
# ring, the address and the count; the tool's own (a FILL submit it had no
# right to) make it ERROR. A clean run PASSes with every frame of every tool
# placed with one owner; with the ledger off the same fault goes unseen, so the
# BUG came from the ledger.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 35
run() { "$XSKNS" run --results "$TMP/r" --duration 2 --rate 20000 "$@" colliding-ifindex \
	>"$TMP/ktap" 2>"$TMP/log"; }
r=$TMP/r/latest/result.json
# Per tool: enabled, owners adding up to the frames, no violation.
accounted='[.umem_ledger.tools[] | .enabled and ([.owners[]] | add) == .frames
	and ([.violations[]] | add) == 0] | length == 3 and all'

run
is "$?" 0 "clean: PASS"
is "$(jqr .umem_ledger.check "$r")" PASS "clean: the ledger check is PASS"
is "$(jq "$accounted" "$r")" true "clean: generator, forwarder and sink each place every frame with one owner, no violation" \
	"$(jq -c '.umem_ledger.tools | map_values({frames, owners})' "$r")"
is "$(jq '[.umem_ledger.tools[] | (.kernel_held_list | length) == ([.kernel_held, 16] | min)] | all' "$r")" true \
	"clean: the frames the kernel still holds are listed (16 at most)"

# kind fault ring
kernel_case() {
	local kind=$1 fault=$2 ring=$3
	run --fwd-fault "$fault"
	is "$?" 1 "$fault: exit 1 (BUG)"
	like "$(jqr .reason "$r")" "^the kernel handed the forwarder a UMEM frame it did not own: 4 x $kind, the first: socket [0-9]+ \\(xskns[0-9]+-[0-9a-f]+-[a-z]+0:[a-z]+ queue 0\\), $ring ring, address 0x[0-9a-f]+, " \
		"$fault: BUG names the kind, the count, the socket, the $ring ring and the address"
	is "$(jq -c '.umem_ledger.tools.fwd.violations | with_entries(select(.value > 0))' "$r")" "{\"$kind\":4}" \
		"$fault: result.json counts 4 $kind in the forwarder and nothing else"
	is "$(jqr .umem_ledger.check "$r")" BUG "$fault: the ledger check is BUG"
}
kernel_case rx_not_filled forge-rx RX
is "$(jq -r '.umem_ledger.tools.fwd.kernel_held_list | map(select(test("^socket 0 kernel_rx 0x"))) | length' "$r")" 4 \
	"forge-rx: the 4 real frames the forged descriptors stood for are listed as held by the kernel" \
	"$(jq -c .umem_ledger.tools.fwd "$r")"
kernel_case outside_umem rx-outside-umem RX
kernel_case comp_not_on_tx forge-completion COMPLETION
kernel_case comp_twice double-completion COMPLETION
kernel_case off_frame completion-off-frame COMPLETION
is "$(jq "[.umem_ledger.tools.gen, .umem_ledger.tools.sink] | map([.violations[]] | add) | add" "$r")" 0 \
	"a forwarder fault leaves the generator's and the sink's ledgers clean"

app_case() {
	local kind=$1 fault=$2
	run --fwd-fault "$fault"
	is "$?" 2 "$fault: exit 2 (ERROR)"
	like "$(jqr .reason "$r")" "^the forwarder used a UMEM frame it did not own \\(a harness bug\\): 4 x $kind, the first: socket [0-9]+ \\(.*\\), FILL ring, address 0x[0-9a-f]+, " \
		"$fault: ERROR names the kind, the count, the socket, the ring and the address"
	is "$(jq -c '.umem_ledger.tools.fwd.violations | with_entries(select(.value > 0))' "$r")" "{\"$kind\":4}" \
		"$fault: result.json counts 4 $kind in the forwarder and nothing else"
}
app_case app_not_owned app-double-fill
app_case app_bad_address app-fill-outside-umem

XSKNS_UMEM_LEDGER=off run --fwd-fault double-completion
is "$?" 0 "ledger off: the same forged completions go unseen (PASS), so the BUG above was the ledger's"
is "$(jq '[.umem_ledger.tools[] | .enabled] | any' "$r")" false "ledger off: result.json says so for every tool"

is "$(leftover_namespaces)" "" "nothing left behind"

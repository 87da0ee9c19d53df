#!/bin/bash
# What the guest launcher reads from the guest console, with a QEMU whose guest ends
# faster than the launcher polls (tests/fixtures/guest/instant-qemu): the result line and
# the stages printed just before QEMU exits are still shown, scripts/matrix still says each
# cell as progress, and the kernel's info messages (which could cut a KTAP line on the
# console) are kept off the console. Its run folder has no result.json: the matrix says
# the cell's KTAP verdict as progress, but its table holds ERROR.
# run-all: host namespaces (the network: Debian's kernels are fetched on a first run)
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 7
if ! command -v qemu-system-x86_64 >/dev/null; then
	for i in $(seq 1 7); do skip "guest console test $i" "qemu-system-x86_64 missing"; done
	exit 0
fi
instant=(env XSKNS_QEMU="$TOP/tests/fixtures/guest/instant-qemu" INSTANT_QEMU_ARGS="$TMP/args")

"${instant[@]}" "$TOP/vm/run-guest" --accel tcg --results "$TMP/r" -- distinct-ifindex \
	>"$TMP/out" 2>"$TMP/err"
status=$?
is "$status" 0 "a guest that ends at once: status 0 from its done frame"
grep -q '^\[vm [^]]*\] guest: ok 1 distinct-ifindex$' "$TMP/err" &&
	grep -q '^\[vm [^]]*\] guest: harness-end ' "$TMP/err"
ok $? "its last result line and stage are shown although QEMU ended before the next poll" \
	"$(cat "$TMP/err")"
append=$(grep -A1 -x -- -append "$TMP/args" | tail -n 1)
like "$append" '(^| )loglevel=5( |$)' "kernel command line: loglevel=5 (no info lines on the console)"

VM_CACHE=$TOP/vm/cache "${instant[@]}" "$TOP/scripts/matrix" --results "$TMP/m" --id one \
	--accel tcg --duration 1 --scenarios distinct-ifindex debian:bookworm >"$TMP/m.out" 2>"$TMP/m.err"
status=$?
# the stand-in's run folder has no result.json: the matrix must not count the KTAP line alone
[ "$status" -eq 2 ] && grep -qE '^debian:bookworm +[^ ]+ +ERROR +[0-9]+ s$' "$TMP/m.out"
ok $? "scripts/matrix over that guest: a cell without its result.json is ERROR, status 2 ($status)" \
	"$(cat "$TMP/m.out" "$TMP/m.err")"
grep -qE 'debian:bookworm \(1/1\): cell 1/1 distinct-ifindex: PASS \([0-9]+ s\)' "$TMP/m.err"
ok $? "matrix progress: the cell is said, with its time" "$(cat "$TMP/m.err")"

# Guests that end at once with run folders of one name: each gets its own folder,
# claimed by mkdir, none moved inside another.
for i in 1 2 3 4 5 6; do
	"${instant[@]}" "$TOP/vm/run-guest" --accel tcg --results "$TMP/same" -- distinct-ifindex \
		>/dev/null 2>"$TMP/same$i.err" &
done
wait
is "$(find "$TMP/same" -mindepth 1 -maxdepth 1 -type d -name 'distinct-ifindex-1*' | wc -l)" 6 \
	"six guests ending together: six run folders side by side"
is "$(find "$TMP/same" -mindepth 2 -type d -name 'distinct-ifindex-1*' | wc -l)" 0 "none inside another"

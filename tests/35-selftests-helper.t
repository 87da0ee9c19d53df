#!/bin/bash
# The negative control on real library code: the AF_XDP helper the kernel's
# own selftests carry in Debian's linux-source-6.1 still keys contexts on
# (ifindex, queue). Built against it, the colliding pair must give BUG (EINVAL
# on the second bind); the distinct-ifindex control must still PASS.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 7
tree=$("$TOP/scripts/selftests-xsk-tree" 2>"$TMP/unpack.log")
ok $? "linux-source-6.1 selftests helper unpacked" "$(cat "$TMP/unpack.log")"
make -s -C "$TOP" BUILD="$TOP/build/selftests" XSK_SELFTESTS_KSRC="$tree" >"$TMP/build.log" 2>&1
ok $? "harness builds against tools/testing/selftests/bpf/xsk.c" "$(tail -5 "$TMP/build.log")"
bin=$TOP/build/selftests/xskns
like "$("$bin" version)" 'xsk_impl=selftests-xsk' "the binary reports the selftests helper"

"$bin" run --results "$TMP/r" --duration 1 colliding-ifindex distinct-ifindex >"$TMP/ktap" 2>"$TMP/log"
is "$?" 1 "exit status 1 (BUG)"
r=$(result_of "$TMP/r" colliding-ifindex)
is "$(jqr .verdict "$r")" BUG "colliding-ifindex: BUG with the (ifindex, queue) lookup"
like "$(jqr .reason "$r")" 'Invalid argument \(-22\); collides with socket 0' \
	"the BUG names the EINVAL and the colliding socket"
r=$(result_of "$TMP/r" distinct-ifindex)
is "$(jqr .verdict "$r")" PASS "distinct-ifindex: PASS, the control"

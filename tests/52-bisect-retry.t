#!/bin/bash
# `make bisect KIND=libbpf` over libbpf's own history with retry-after-failed-bind:
# BROKEN=v0.4.0 FIXED=v0.5.0 names 2da7f66 ("libbpf: Fixes incorrect
# rx_ring_setup_done"), every step built and judged (none skipped), the fix PASS and
# its parent BUG, the clone put back. The ends are judged by tests/29 (v0.4.0 BUG,
# v0.5.0 PASS) and not again here (NO_CHECK_ENDS=1), to keep the bisection short.
# 2da7f66 lies where libbpf.c already calls gen_loader.c and src/Makefile does not list
# it yet (694a70c to 70ad3e8): the control shows the tree's own object list leaves it
# out of libbpf.a, which LIBBPF_DIR builds put in (every src/*.c), so the step links.
# Without a libbpf repository here (nothing is fetched): skipped, with the reason.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

N=9
plan $N
libbpf_src_or_skip $N "libbpf bisect" || exit 0
fix=2da7f66d3fc1d38f7fe096940138ac9165433772

# --- control: the fix's own src/Makefile leaves gen_loader.c out of libbpf.a -----------------
t=$TMP/libbpf-fix
"$TOP/scripts/libbpf-tree" "$fix" "$t" >/dev/null 2>"$TMP/export.log"
ok $? "2da7f66 exported" "$(cat "$TMP/export.log")"
MAKEFLAGS='' make -s -C "$t/src" BUILD_STATIC_ONLY=1 OBJDIR="$TMP/own" CFLAGS='-g -O2 -w' "$TMP/own/libbpf.a" \
	>"$TMP/own.log" 2>&1 &&
	! ar t "$TMP/own/libbpf.a" | grep -qx gen_loader.o &&
	nm -u "$TMP/own/staticobjs/libbpf.o" | grep -q ' bpf_gen__init$'
ok $? "control: with its own object list, libbpf.a has no gen_loader.o while libbpf.o calls bpf_gen__init" \
	"$(tail -n 5 "$TMP/own.log")" "$(ar t "$TMP/own/libbpf.a" 2>&1 | tr '\n' ' ')"

# --- the bisection ---------------------------------------------------------------------------
clone=$TMP/libbpf-clone
git clone -q --shared "$src" "$clone" && git -C "$clone" checkout -q v0.5.0
ok $? "a clone of the repository to bisect, at v0.5.0"
mk=(make -s -C "$TOP")
make -n -C "$TOP" bisect >/dev/null 2>&1 || mk+=(-f Makefile -f scripts/bisect.mk)
start=$SECONDS
st=0
"${mk[@]}" bisect SRC="$clone" KIND=libbpf BROKEN=v0.4.0 FIXED=v0.5.0 SCENARIO=retry-after-failed-bind \
	DURATION=1 NO_CHECK_ENDS=1 RESULTS="$TMP/results" BISECT_ID=retry >"$TMP/bisect.out" 2>"$TMP/bisect.err" || st=$?
is "$st:$(tail -n 1 "$TMP/bisect.out")" "0:first fixed commit: $fix libbpf: Fixes incorrect rx_ring_setup_done" \
	"make bisect KIND=libbpf BROKEN=v0.4.0 FIXED=v0.5.0 names 2da7f66 ($((SECONDS - start)) s)" \
	"$(tail -n 15 "$TMP/bisect.err")"
B=$TMP/results/bisect-retry
is "$(cut -f3 "$B/steps.tsv" | grep -cvE '^(PASS|BUG)$')" 0 "every step built and judged PASS or BUG, none skipped" \
	"$(cut -f1-5 "$B/steps.tsv")"
is "$(awk -F'\t' -v c="$fix" '$2 == c { print $3 }' "$B/steps.tsv")" PASS "the step at 2da7f66: PASS"
parent=$(git -C "$clone" rev-parse "$fix^")
is "$(awk -F'\t' -v c="$parent" '$2 == c { print $3 }' "$B/steps.tsv")" BUG "the step at its parent (${parent:0:12}): BUG"
is "$(jq -c '[.kind, .outcome, .tree_restored, .first.commit]' "$B/summary.json")" \
	"[\"libbpf\",\"found\",true,\"$fix\"]" "summary.json: libbpf, found, the tree restored, 2da7f66"
is "$(git -C "$clone" describe --tags) $(git -C "$clone" status --porcelain)" "v0.5.0 " "the clone is put back, clean"
exit $((_failed > 0))

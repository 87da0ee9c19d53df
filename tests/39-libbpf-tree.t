#!/bin/bash
# `make LIBBPF_DIR=tree`: the AF_XDP calls from libbpf's own src/xsk.c, on real libbpf.
# v0.8.0 (the library the bug was found with) keys its contexts on (ifindex, queue):
# colliding-ifindex BUG, EINVAL on the second socket; v0.8.1 (2b011c5, the netns
# cookie) PASS; distinct-ifindex PASS with both. Both trees are exported (git archive)
# from LIBBPF_SRC or this machine's libbpf mirror (scripts/libbpf-tree) and built one
# after the other in one build folder, so the second build is also the stamp's switch.
# Also: the provenance (version, build config, result.json), the two libbpfs kept apart
# (only xsk_* leaves the tree's object; a link without that step exports the old bpf_*,
# the negative control), the repository and the trees left as found, bad LIBBPF_DIR.
# And `make bisect` on a clone of the repository, the kind detected (src/xsk.c and
# src/libbpf.map; a tree with only the first is no libbpf tree): BROKEN=v0.8.0
# FIXED=v0.8.1 names 2b011c5, the clone put back.
# Without a libbpf repository here (nothing is fetched): skipped, with the reason.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

N=31
plan $N
libbpf_src_or_skip $N "libbpf tree" || exit 0

# tree_state DIR: every file of a tree with its checksum
tree_state() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 md5sum | md5sum); }
before=$(repo_state "$src")

t0=$TMP/libbpf-v0.8.0 t1=$TMP/libbpf-v0.8.1
"$TOP/scripts/libbpf-tree" v0.8.0 "$t0" >/dev/null 2>"$TMP/export.log" &&
	"$TOP/scripts/libbpf-tree" v0.8.1 "$t1" >/dev/null 2>>"$TMP/export.log"
ok $? "v0.8.0 and v0.8.1 exported from $src" "$(cat "$TMP/export.log")"
s0=$(tree_state "$t0") s1=$(tree_state "$t1")

b=$TMP/build
# build_with TREE: the harness against TREE's xsk.c, in the one build folder
build_with() {
	local start=$SECONDS
	make -s -C "$TOP" BUILD="$b" LIBBPF_DIR="$1" "$b/xskns" >"$TMP/build.log" 2>&1
	ok $? "builds against $(basename "$1")'s src/xsk.c ($((SECONDS - start)) s)" "$(tail -n 15 "$TMP/build.log")"
}
# verdicts RESULTS: "colliding-ifindex distinct-ifindex" verdicts, and the run's exit status
verdicts() {
	"$b/xskns" run --results "$1" --duration 1 colliding-ifindex distinct-ifindex >"$TMP/ktap" 2>"$TMP/run.log"
	echo "exit $? $(jqr .verdict "$(result_of "$1" colliding-ifindex)") $(jqr .verdict "$(result_of "$1" distinct-ifindex)")"
}

# --- v0.8.0: the bug ----------------------------------------------------------------------
build_with "$t0"
v=$("$b/xskns" version)
like "$v" $'xsk_impl=libbpf\nxsk_impl_version=0.8.0\n' "the binary reports libbpf 0.8.0" "$v"
like "$v" "build_config=impl=libbpf impl_dir=$t0 impl_version=0.8.0 " "the build-config stamp names the tree and its version"
is "$(grep -E '^impl' "$b/build.config" | tr '\n' ' ')" "impl=libbpf impl_dir=$t0 impl_version=0.8.0 " \
	"build.config: libbpf, the tree, 0.8.0"
like "$v" $'libbpf_version=1\\.' "the harness's own BPF loading: the system libbpf 1.x"

# only xsk_* leaves the tree's object; the rest of the old libbpf is private to it
globals=$(nm --defined-only "$b/libbpf_xsk.o" | awk '$2 ~ /^[A-Z]$/ { print $3 }')
is "$(grep -vc '^xsk_' <<<"$globals")" 0 "the tree's object exports only xsk_* symbols" "$(grep -v '^xsk_' <<<"$globals" | head)"
like "$(tr '\n' ' ' <<<"$globals")" 'xsk_socket__create_shared' "xsk_socket__create_shared is among them"
nm --defined-only "$b/libbpf_xsk.o" | grep -q ' t bpf_map_update_elem$' &&
	nm "$b/xskns" | grep -q ' U bpf_map_update_elem@LIBBPF_'
ok $? "bpf_map_update_elem: a local copy for xsk.c, the harness's own call from the system libbpf.so"
# negative control: the same link without making symbols local exports the old libbpf
ld -r -o "$TMP/unlocalised.o" "$b/libbpf-tree/staticobjs/xsk.o" "$b/libbpf-tree/libbpf.a"
n=$(nm --defined-only "$TMP/unlocalised.o" | awk '$2 ~ /^[A-Z]$/ { print $3 }' | grep -vc '^xsk_')
[ "$n" -gt 100 ]
ok $? "negative control: without objcopy the object exports the old libbpf ($n non-xsk symbols)"
ldd "$b/xskns" >"$TMP/ldd"
grep -q 'libbpf\.so\.1 ' "$TMP/ldd" && ! grep -q libxdp "$TMP/ldd"
ok $? "linked with the system libbpf.so.1 and no libxdp" "$(cat "$TMP/ldd")"

is "$(verdicts "$TMP/r0")" "exit 1 BUG PASS" "v0.8.0: colliding-ifindex BUG, distinct-ifindex PASS" "$(tail -n 5 "$TMP/run.log")"
r=$(result_of "$TMP/r0" colliding-ifindex)
like "$(jqr .reason "$r")" 'Invalid argument \(-22\); collides with socket 0' \
	"the BUG is EINVAL on the second socket, colliding with socket 0"
is "$(jq -r '[.env.xsk_impl, .env.xsk_impl_version, .env.xsk_impl_path, .env.xsk_impl_so_version] | join(" ")' "$r")" \
	"libbpf 0.8.0 $t0/src/xsk.c " "result.json: implementation libbpf 0.8.0, the tree's src/xsk.c"
out=$("$TOP/tests/lib/validate-results.py" "$TOP/results/result.schema.json" "$r" 2>&1)
ok $? "result.json matches the schema" "$out"

# --- v0.8.1: the fix, the same build folder --------------------------------------------------
build_with "$t1"
like "$("$b/xskns" version)" $'xsk_impl=libbpf\nxsk_impl_version=0.8.1\n' "switched: the binary reports libbpf 0.8.1"
is "$(verdicts "$TMP/r1")" "exit 0 PASS PASS" "v0.8.1: colliding-ifindex PASS, distinct-ifindex PASS" "$(tail -n 5 "$TMP/run.log")"
is "$(jq -r '[.env.xsk_impl, .env.xsk_impl_version, .env.xsk_impl_path] | join(" ")' "$(result_of "$TMP/r1" colliding-ifindex)")" \
	"libbpf 0.8.1 $t1/src/xsk.c" "result.json: implementation libbpf 0.8.1, the tree's src/xsk.c"

# --- left as found --------------------------------------------------------------------------
is "$(tree_state "$t0") $(tree_state "$t1")" "$s0 $s1" "the trees are left as found (the builds wrote in the build folder)"
is "$(repo_state "$src")" "$before" "the repository is left as found (refs, HEAD, status)"

# --- bad input ------------------------------------------------------------------------------
mkdir -p "$TMP/not-libbpf/src"
st=0
make -s -C "$TOP" BUILD="$TMP/bad" LIBBPF_DIR="$TMP/not-libbpf" "$TMP/bad/xskns" >"$TMP/bad.out" 2>&1 || st=$?
like "$st:$(cat "$TMP/bad.out")" "^2:Makefile:[0-9]+: \*\*\* LIBBPF_DIR=$TMP/not-libbpf: no src/xsk.c there" \
	"a tree without src/xsk.c: make stops (2), naming it"
st=0
make -s -C "$TOP" BUILD="$TMP/bad" LIBBPF_DIR="$t0" LIBXDP_DIR="$t1" "$TMP/bad/xskns" >"$TMP/bad.out" 2>&1 || st=$?
like "$st:$(cat "$TMP/bad.out")" "^2:.*LIBBPF_DIR=$t0 with another implementation" "LIBBPF_DIR with LIBXDP_DIR: make stops (2)"
[ ! -e "$TMP/bad/xskns" ]
ok $? "nothing built for bad input"

# --- make bisect, --kind libbpf detected ----------------------------------------------------------
clone=$TMP/libbpf-clone
git clone -q --shared "$src" "$clone" && git -C "$clone" checkout -q v0.8.1
ok $? "a clone of the repository to bisect, at v0.8.1"
mk=(make -s -C "$TOP")
make -n -C "$TOP" bisect >/dev/null 2>&1 || mk+=(-f Makefile -f scripts/bisect.mk)
start=$SECONDS
st=0
"${mk[@]}" bisect SRC="$clone" BROKEN=v0.8.0 FIXED=v0.8.1 SCENARIO=colliding-ifindex DURATION=1 \
	RESULTS="$TMP/results" BISECT_ID=libbpf >"$TMP/bisect.out" 2>"$TMP/bisect.err" || st=$?
like "$st:$(tail -n 1 "$TMP/bisect.out")" \
	"^0:first fixed commit: 2b011c5[0-9a-f]{33} libbpf: make shared xsk creation network namespace aware$" \
	"make bisect BROKEN=v0.8.0 FIXED=v0.8.1 names 2b011c5 ($((SECONDS - start)) s)" "$(tail -n 15 "$TMP/bisect.err")"
B=$TMP/results/bisect-libbpf
is "$(cut -f3 "$B/steps.tsv" | sort | uniq -c | awk '{ printf "%s %s ", $2, $1 }')" "BUG 1 PASS 2 " \
	"the steps: v0.8.0 BUG, v0.8.1 and 2b011c5 PASS"
is "$(grep -c '^bisect-run: step [0-9]*: [0-9a-f]* (libbpf) ' "$TMP/bisect.err")" "$(wc -l <"$B/steps.tsv")" \
	"every step detected a libbpf tree"
is "$(jq -c '[.kind, .outcome, .tree_restored]' "$B/summary.json")" '["auto","found",true]' \
	"summary.json: auto, found, the tree restored"
is "$(git -C "$clone" describe --tags) $(git -C "$clone" status --porcelain)" "v0.8.1 " "the clone is put back, clean"
# negative control: src/xsk.c without src/libbpf.map is not taken for a libbpf tree
fake=$TMP/not-a-libbpf-repo
mkdir -p "$fake/src" && cp "$t0/src/xsk.c" "$fake/src/" && git -C "$fake" init -q &&
	git -C "$fake" add -A && git -C "$fake" -c user.name=xskns -c user.email=xskns@example.invalid commit -qm x
st=0
"$TOP/scripts/bisect-run" --src "$fake" --results "$TMP/results/fake" 2>"$TMP/fake.err" || st=$?
like "$st:$(cat "$TMP/fake.err")" "^125:.*not a kernel, libxdp, selftests-helper or libbpf tree" \
	"negative control: src/xsk.c alone is no libbpf tree (skip, 125)"
exit $((_failed > 0))

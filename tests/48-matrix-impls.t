#!/bin/bash
# The implementation x kernel matrix on the host kernel (make matrix IMPLS=): libbpf
# v0.8.0 and v0.8.1 (src/xsk.c) and libxdp v1.2.1 and v1.3.0, each built once from a
# git repository (exported, never checked out: the repositories are left as found) into
# its own build folder, every scenario run with each. matrix.json lists them, every cell
# has its implementation (name, version, source) and met its expectation per
# implementation: colliding-ifindex BUG with libbpf v0.8.0 and libxdp v1.2.1 (keyed on
# ifindex and queue), PASS with v0.8.1 and v1.3.0 (the netns cookie). The no-cookie
# reason names the implementation that ran. Negative control: a scenario that expects
# PASS of the colliding topology is a mismatch (BUG where PASS is expected) with the
# buggy ones and makes the matrix exit 1; --check-expect says the same. A bad IMPLS word
# is one line naming it, status 3, nothing made. matrix-merge keeps the column. The
# guest image of such a matrix carries every implementation's binary and the libxdp
# tree's own library at the path its rpath names (one boot runs them all).
# The builds go to build/impls (kept: a second run rebuilds nothing).
# Without a libbpf or xdp-tools repository here (nothing is fetched): skipped.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

N=26
plan $N
MATRIX=$TOP/scripts/matrix
mirror=${XSKNS_MIRROR:-/work/.mirror}
export LIBBPF_SRC=${LIBBPF_SRC:-$mirror/libbpf+libbpf/repo}
export LIBXDP_SRC=${LIBXDP_SRC:-$mirror/xdp-project+xdp-tools/repo}
for r in "$LIBBPF_SRC" "$LIBXDP_SRC"; do
	if ! git -C "$r" rev-parse --git-dir >/dev/null 2>&1; then
		for i in $(seq 1 $N); do skip "matrix impls $i" "no git repository at $r (set LIBBPF_SRC and LIBXDP_SRC)"; done
		exit 0
	fi
done
repos_state() { repo_state "$LIBBPF_SRC" && repo_state "$LIBXDP_SRC"; }
before=$(repos_state)

# 1. Bad IMPLS words: named on one line, status 3, no matrix folder.
for w in bogus@1 libbpf@no-such-tag libxdp system@v1; do
	"$MATRIX" --results "$TMP/bad" --id bad --impls "libbpf@v0.8.1 $w" host >/dev/null 2>"$TMP/bad.err"
	st=$?
	[[ $st -eq 3 && $(wc -l <"$TMP/bad.err") -eq 1 ]] && grep -qF "'$w'" "$TMP/bad.err" && [[ ! -e $TMP/bad/matrix-bad ]]
	ok $? "IMPLS word $w: status 3, one line naming it, nothing made (status $st)" "$(cat "$TMP/bad.err")"
done
"$MATRIX" --results "$TMP/bad" --id bad --impls "system system" host >/dev/null 2>"$TMP/bad.err"
is "$?:$(cat "$TMP/bad.err")" "3:matrix: IMPLS word 'system' given twice" "a word given twice: status 3"

# 2. The matrix: four implementations, the host kernel, two scenarios and the negative control.
printf '%s\n' 'expect = PASS' 'ifindex_outer = 4242' 'ifindex_inner = 4242' >"$TMP/wants-pass.scn"
impls="libbpf@v0.8.0 libbpf@v0.8.1 libxdp@v1.2.1 libxdp@v1.3.0"
t0=$SECONDS
"$MATRIX" --results "$TMP/m" --id impls --impls "$impls" --impl-build "$TOP/build/impls" --duration 1 \
	--scenarios "colliding-ifindex no-netns-cookie $TMP/wants-pass.scn" host >"$TMP/m.out" 2>"$TMP/m.err"
st=$?
echo "# matrix: $((SECONDS - t0)) s"
M=$TMP/m/matrix-impls
is "$st" 1 "the matrix exits 1: the negative control's mismatches (status $st)"
is "$(jqr '[.impls[] | "\(.impl)=\(.name) \(.version)"] | join(",")' "$M/matrix.json")" \
	"libbpf@v0.8.0=libbpf 0.8.0,libbpf@v0.8.1=libbpf 0.8.1,libxdp@v1.2.1=libxdp-tree 1.2.1,libxdp@v1.3.0=libxdp-tree 1.3.0" \
	"matrix.json: the implementations, each built as named"
is "$(jqr '.impls[0].source' "$M/matrix.json")" "$(cd "$LIBBPF_SRC" && pwd) at $(git -C "$LIBBPF_SRC" rev-parse 'v0.8.0^{commit}')" \
	"an implementation's source: the repository and the commit exported"
cell() { # cell IMPL SCENARIO: verdict/expected of that cell
	# shellcheck disable=SC2016 # jq variables
	jq -r --arg i "$1" --arg s "$2" '[.cells[] | select(.impl == $i and .scenario == $s)]
		| if length == 1 then .[0] | "\(.verdict)/\(.expected)/\(.impl_name) \(.impl_version)" else "\(length) cells" end' "$M/matrix.json"
}
is "$(cell libbpf@v0.8.0 colliding-ifindex)" "BUG/BUG/libbpf 0.8.0" "libbpf v0.8.0 colliding-ifindex: BUG, as expected"
is "$(cell libbpf@v0.8.1 colliding-ifindex)" "PASS/PASS/libbpf 0.8.1" "libbpf v0.8.1 colliding-ifindex: PASS, as expected"
is "$(cell libxdp@v1.2.1 colliding-ifindex)" "BUG/BUG/libxdp-tree 1.2.1" "libxdp v1.2.1 colliding-ifindex: BUG, as expected"
is "$(cell libxdp@v1.3.0 colliding-ifindex)" "PASS/PASS/libxdp-tree 1.3.0" "libxdp v1.3.0 colliding-ifindex: PASS, as expected"
is "$(jqr '[.cells[] | select(.scenario != "wants-pass" and (.met | not))] | length' "$M/matrix.json")" 0 \
	"every cell but the negative control's met its expectation"
is "$(jqr '[.cells[] | select(.scenario == "wants-pass") | "\(.impl)=\(.verdict):\(.met)"] | join(" ")' "$M/matrix.json")" \
	"libbpf@v0.8.0=BUG:false libbpf@v0.8.1=PASS:true libxdp@v1.2.1=BUG:false libxdp@v1.3.0=PASS:true" \
	"negative control: expecting PASS of a buggy implementation is a mismatch"
r=$(jqr '.cells[] | select(.impl == "libbpf@v0.8.1" and .scenario == "no-netns-cookie") | .reason' "$M/matrix.json")
[[ $r == *"so libbpf 0.8.1 falls back to one cookie"* && $r != *libxdp* ]]
ok $? "the no-cookie reason names the implementation that ran, not libxdp" "$r"
r=$(jqr '.cells[] | select(.impl == "libxdp@v1.3.0" and .scenario == "no-netns-cookie") | .reason' "$M/matrix.json")
like "$r" "so libxdp 1.3.0 falls back" "and libxdp's names libxdp"
like "$(head -n 1 "$M/matrix.csv")" ',"run_dir","impl","impl_name","impl_version","impl_source"$' "matrix.csv: the implementation columns"
grep -q '^"host",.*,"colliding-ifindex","BUG","BUG",true,.*,"libbpf@v0.8.0","libbpf","0.8.0",' "$M/matrix.csv"
ok $? "matrix.csv: a cell's row with its implementation"
is "$(grep -c '^implementation ' "$M/table.txt")" 4 "table.txt: one block per implementation"
is "$(find "$M/runs/host" -mindepth 1 -maxdepth 1 -type d | wc -l)" 4 "runs/host/: a folder per implementation"
out=$("$TOP/tests/lib/validate-results.py" "$TOP/results/matrix.schema.json" "$M/matrix.json" 2>&1)
ok $? "matrix.json matches results/matrix.schema.json" "$out"
is "$(repos_state)" "$before" "the repositories are left as found"

# 3. Expectations mode with one implementation's binary: the expected BUG is ok # XFAIL.
"$TOP/build/impls/libbpf_v0.8.0/xskns" run --check-expect --results "$TMP/ce" --duration 1 colliding-ifindex \
	>"$TMP/ce.out" 2>/dev/null
is "$?:$(grep '^ok 1' "$TMP/ce.out")" "0:ok 1 colliding-ifindex # XFAIL BUG (as expected)" \
	"--check-expect: libbpf v0.8.0 colliding-ifindex is an expected BUG"

# 4. matrix-merge keeps the implementation column.
"$MATRIX" --merge --results "$TMP/m" --id merged "$M" >/dev/null 2>"$TMP/merge.err"
is "$?:$(jqr '[(.impls | length), ([.cells[] | select(.impl == null)] | length), (.cells | length)] | join(" ")' "$TMP/m/matrix-merged/matrix.json")" \
	"1:4 0 12" "matrix-merge: the implementations and every cell's implementation kept"

# 5. One guest image for them all: each binary as xskns-NAME, and what each one loads.
if ! busybox=$(command -v busybox) || ldd "$busybox" >/dev/null 2>&1; then
	skip "guest image: every implementation" "no static busybox (busybox-static)"
	skip "guest image: a libxdp tree's library" "no static busybox (busybox-static)"
else
	"$TOP/vm/mkinitramfs.sh" base "$TMP/img/base.cpio.gz" --harness "$TOP/build/impls/libbpf_v0.8.0/xskns" \
		--impl a "$TOP/build/impls/libbpf_v0.8.0/xskns" --impl b "$TOP/build/impls/libxdp_v1.2.1/xskns" 2>"$TMP/img.err"
	zcat "$TMP/img/base.cpio.gz" | cpio -it --quiet 2>/dev/null >"$TMP/img.list"
	grep -qx 'usr/bin/xskns-a' "$TMP/img.list" && grep -qx 'usr/bin/xskns-b' "$TMP/img.list"
	ok $? "guest image: every implementation's binary, as xskns-NAME" "$(cat "$TMP/img.err")"
	so=$(ldd "$TOP/build/impls/libxdp_v1.2.1/xskns" | awk '$1 ~ /^libxdp/ { print $3 }')
	[[ $so == "$TOP/build/impls/libxdp_v1.2.1/"* ]] && grep -qx "${so#/}" "$TMP/img.list"
	ok $? "guest image: the libxdp tree's own library, where the rpath finds it ($so)"
fi

#!/bin/bash
# A libxdp bisection builds each step with the tree's own libbpf when the tree's
# lib/libbpf submodule is populated, and with the system's when it is not, and says
# which. On a stand-in for xdp-tools (configure, lib/Makefile's libbpf target and
# lib/libxdp's build are a few lines each; "libxdp" is Debian's, copied; "libbpf" is
# a repository holding a version number) with a stub guest runner that takes the
# verdict from the built copy: the submodule is moved to each step's commit without
# fetching (its upstream is gone), each step's build saw that commit's libbpf, the
# step table, summary.json and the output name it, the tree and its submodule are put
# back; a commit whose libbpf is not in the submodule's objects is skipped, named; a
# clone without the submodule builds against the system libbpf and says so; scripts/ci-bisect
# clones the tree with its submodule (and without, when told), and a range that is not a
# line of history gets its caveat in the CI summary. A tool this machine lacks (cpio, for
# the copy of the tree) is named before the first step, or stops the bisection when it
# goes missing mid-run; a command the build calls that is not there is ERROR, never
# BUILD-FAILED.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 44

export GIT_AUTHOR_NAME=xskns GIT_AUTHOR_EMAIL=xskns@example.invalid
export GIT_COMMITTER_NAME=xskns GIT_COMMITTER_EMAIL=xskns@example.invalid
git_() { git -c protocol.file.allow=always "$@"; }
commit() { git -C "$1" add -A && git -C "$1" commit -qm "$2" && git -C "$1" rev-parse HEAD; }
validate() { "$TOP/tests/lib/validate-results.py" "$TOP/results/bisect.schema.json" "$@"; }

# --- "libbpf": a version number per commit -------------------------------------------------
up=$TMP/libbpf-upstream
mkdir -p "$up"
git -C "$up" init -q -b main
echo 0.4.0 >"$up/VERSION" && l1=$(commit "$up" "libbpf 0.4.0")
git -C "$up" tag v0.4.0
echo 0.5.0 >"$up/VERSION" && l2=$(commit "$up" "libbpf 0.5.0")
git -C "$up" tag v0.5.0

# --- the stand-in xdp-tools --------------------------------------------------------------
xt=$TMP/xdp-tools
mkdir -p "$xt/lib/libxdp" "$xt/headers/xdp"
git -C "$xt" init -q -b main
cp /usr/include/xdp/*.h "$xt/headers/xdp/"
echo 'TOOLS_VERSION := "1.2.0-standin"' >"$xt/version.mk"
cat >"$xt/configure" <<'EOF'
#!/bin/sh
# which libbpf: what the caller forces, as xdp-tools' configure does
if [ "${FORCE_SUBDIR_LIBBPF:-0}" = 1 ]; then
	echo "libbpf support: submodule v$(cat lib/libbpf/VERSION)"
	echo "LIBBPF := submodule" >config.mk
elif [ "${FORCE_SYSTEM_LIBBPF:-0}" = 1 ]; then
	echo "libbpf support: system"
	echo "LIBBPF := system" >config.mk
else
	echo "configure: neither FORCE_SUBDIR_LIBBPF nor FORCE_SYSTEM_LIBBPF" >&2
	exit 1
fi
EOF
chmod +x "$xt/configure"
cat >"$xt/lib/Makefile" <<'EOF'
include ../config.mk
.PHONY: libbpf
libbpf:
ifeq ($(LIBBPF),submodule)
	cp libbpf/VERSION libbpf/built
endif
EOF
cat >"$xt/lib/libxdp/Makefile" <<'EOF'
include ../../config.mk
all:
	cp $(firstword $(wildcard /usr/lib/*/libxdp.so.1.*)) libxdp.so.1.2.0
	ln -sf libxdp.so.1.2.0 libxdp.so.1
	ln -sf libxdp.so.1 libxdp.so
	if [ $(LIBBPF) = submodule ]; then echo "submodule $$(cat ../libbpf/built)"; else echo system; fi >libbpf-used
EOF
echo bug >"$xt/lib/libxdp/BEHAVIOUR"
git_ -C "$xt" submodule add -q "$up" lib/libbpf 2>"$TMP/sub.log"
git -C "$xt/lib/libbpf" checkout -q "$l1"
c1=$(commit "$xt" "import, libbpf 0.4.0")
git -C "$xt/lib/libbpf" checkout -q "$l2"
c2=$(commit "$xt" "libbpf: update to 0.5.0")
echo fixed >"$xt/lib/libxdp/BEHAVIOUR" && c3=$(commit "$xt" "libxdp: make shared xsk creation network namespace aware")
echo notes >"$xt/NOTES" && c4=$(commit "$xt" "notes")
# the user's checkout: a clone with its submodule, on a branch, upstream gone afterwards
work=$TMP/work
git_ clone -q --recurse-submodules "$xt" "$work" 2>>"$TMP/sub.log"
# a later libbpf this clone never saw, recorded on a branch of its own
echo 0.6.0 >"$up/VERSION" && l3=$(commit "$up" "libbpf 0.6.0")
git -C "$work" checkout -q -b newer "$c4"
git -C "$work" update-index --cacheinfo "160000,$l3,lib/libbpf"
git -C "$work" commit -qm "libbpf: update to 0.6.0"
git -C "$work" checkout -q main
git -C "$work" submodule update -q --no-fetch
mv "$up" "$TMP/libbpf-gone"
sub_before=$(git -C "$work/lib/libbpf" rev-parse HEAD)
is "$sub_before $(git -C "$work" status --porcelain)" "$l2 " "stand-in: a clean clone, lib/libbpf at 0.5.0" \
	"$(cat "$TMP/sub.log")"

# --- the stub guest runner: the verdict from the built copy ------------------------------------
stub=$TMP/stub-run-guest
cat >"$stub" <<'EOF'
#!/bin/bash
# stub vm/run-guest: PASS or BUG as the built copy's lib/libxdp/BEHAVIOUR says; one line
# per step in $LEDGER: step folder, the libbpf the copy was built with, the submodule's
# HEAD in the tree, whether the harness loads the copy's libxdp
set -euo pipefail
harness='' dir=''
while [[ $# -gt 0 ]]; do
	case $1 in
	--harness) harness=$2; shift 2 ;;
	--results) dir=$2; shift 2 ;;
	--) break ;;
	*) shift ;;
	esac
done
copy=$(dirname "$harness")/src
loads=no
"$harness" version | grep -q "^xsk_impl_path=$copy/lib/libxdp/" && loads=yes
printf '%s\t%s\t%s\t%s\n' "$(basename "$(dirname "$dir")")" "$(cat "$copy/lib/libxdp/libbpf-used")" \
	"$(git -C "$STANDIN/lib/libbpf" rev-parse HEAD)" "$loads" >>"$LEDGER"
mkdir -p "$dir/stub"
ln -sfn stub "$dir/latest"
case $(cat "$copy/lib/libxdp/BEHAVIOUR") in
fixed) printf '{"verdict": "PASS"}\n' >"$dir/stub/result.json"; exit 0 ;;
*) printf '{"verdict": "BUG"}\n' >"$dir/stub/result.json"; exit 1 ;;
esac
EOF
chmod +x "$stub"
export BISECT_GUEST_RUNNER=$stub
R=$TMP/fixtures/results

# --- a bisection with the tree's own libbpf ------------------------------------------------
start=$SECONDS
st=0
STANDIN=$work LEDGER=$TMP/ledger "$TOP/scripts/bisect" --src "$work" --broken "$c1" --fixed "$c4" --vm \
	--results "$R" --id own >"$TMP/own.out" 2>"$TMP/own.err" || st=$?
is "$st" 0 "bisection with lib/libbpf populated: an answer ($((SECONDS - start)) s)" "$(tail -n 20 "$TMP/own.err")"
is "$(tail -n 1 "$TMP/own.out")" \
	"first fixed commit: $c3 libxdp: make shared xsk creation network namespace aware" "names the fix"
B=$R/bisect-own
like "$(cat "$TMP/own.err")" "libbpf: the tree's own \(lib/libbpf submodule" "the output says the tree's own libbpf is used"

# each step: the libbpf its commit records, in the build, in the tree, in steps.tsv
want_rows='' got_ledger='' got_tsv='' want_tsv='' n_steps=0
while IFS=$'\t' read -r _ commit verdict _ _ dir _ lib _; do
	n_steps=$((n_steps + 1))
	gl=$(git -C "$work" ls-tree "$commit" lib/libbpf | awk '{ print $3 }')
	ver=$(git -C "$work/lib/libbpf" show "$gl:VERSION")
	want_rows+="$(basename "$dir") submodule $ver $gl yes|"
	got_ledger+="$(awk -F'\t' -v d="$(basename "$dir")" '$1 == d { print $1, $2, $3, $4 }' "$TMP/ledger")|"
	got_tsv+="$lib|"
	tag=$(git -C "$work/lib/libbpf" describe --tags "$gl")
	want_tsv+="submodule ${gl:0:12} $tag|"
	[[ $verdict == PASS || $verdict == BUG ]] || want_rows+="(verdict $verdict)"
done <"$B/steps.tsv"
is "$got_ledger" "$want_rows" "every step built with the libbpf its commit records, the submodule moved there, the harness loading that build ($n_steps steps)"
is "$got_tsv" "$want_tsv" "steps.tsv: each step's libbpf (submodule, commit, tag)"
is "$(cut -f8 "$B/steps.tsv" | sort -u | wc -l)" 2 "the steps used two libbpf commits (0.4.0 and 0.5.0): the submodule moved between steps"
grep -q "^libbpf: the tree's own, lib/libbpf at $l1 (v0.4.0)" "$B"/steps/*-"${c1:0:12}"/build.log &&
	[ "$(cat "$B"/steps/*-"${c1:0:12}"/libbpf.txt)" = "submodule ${l1:0:12} v0.4.0" ]
ok $? "the step's folder: build.log and libbpf.txt name its libbpf" "$(cat "$B"/steps/*-"${c1:0:12}"/libbpf.txt)"
like "$(cat "$TMP/own.err")" "libbpf used: .*submodule ${l1:0:12} v0.4.0 \(1 step\)" "the output sums up which libbpf the steps used"

out=$(validate "$B/summary.json" 2>&1)
ok $? "summary.json matches results/bisect.schema.json" "$out"
is "$(jq -c '[.libbpf, .first.commit, .outcome, .tree_restored]' "$B/summary.json")" \
	"[\"submodule\",\"$c3\",\"found\",true]" "summary.json: the libbpf plan, the first fixed commit, found, tree restored"
is "$(jq -r --arg c "$c1" '.steps[] | select(.commit == $c) | .libbpf | "\(.source) \(.commit) \(.version)"' "$B/summary.json")" \
	"submodule ${l1:0:12} v0.4.0" "summary.json: each step's libbpf"
is "$(git -C "$work/lib/libbpf" rev-parse HEAD) $(git -C "$work" symbolic-ref HEAD) $(git -C "$work" status --porcelain)" \
	"$sub_before refs/heads/main " "the tree and its submodule are put back, clean"

# --- a libbpf the submodule does not have: skipped, named, nothing fetched (although the
# upstream that has it is back) ----------------------------------------------------------------
mv "$TMP/libbpf-gone" "$up"
git -C "$work" checkout -q newer
st=0
STANDIN=$work LEDGER=$TMP/ledger2 "$TOP/scripts/bisect-run" --src "$work" --vm --results "$R/missing" \
	2>"$TMP/missing.err" || st=$?
is "$st" 125 "a commit whose libbpf is not in the submodule: skip (125)"
row=$(cat "$R/missing/steps.tsv")
is "$(cut -f3,8 <<<"$row")" "BUILD-FAILED	submodule ${l3:0:12} (not available)" "steps.tsv: BUILD-FAILED, which libbpf was missing"
grep -q "lib/libbpf at $l3 is not in the submodule's objects (nothing is fetched)" "$R"/missing/steps/*/build.log
ok $? "build.log: the commit is not in the submodule's objects, nothing fetched" "$(tail -n 5 "$R"/missing/steps/*/build.log)"
[ ! -e "$TMP/ledger2" ] && ! git -C "$work/lib/libbpf" cat-file -e "$l3^{commit}" 2>/dev/null &&
	[ "$(git -C "$work/lib/libbpf" rev-parse HEAD)" = "$l2" ]
ok $? "no run, nothing fetched from the upstream, the submodule not moved"
git -C "$work" checkout -q main && git -C "$work" submodule update -q --no-fetch

# --- the same history without the submodule: the system's libbpf, said -------------------------
nosub=$TMP/nosub
git clone -q "$xt" "$nosub"
sysver=$(pkg-config --modversion libbpf)
st=0
STANDIN=$work LEDGER=$TMP/ledger3 "$TOP/scripts/bisect" --src "$nosub" --broken "$c2" --fixed "$c4" --vm \
	--no-check-ends --results "$R" --id system >"$TMP/sys.out" 2>"$TMP/sys.err" || st=$?
is "$st" 0 "bisection with lib/libbpf not populated: an answer" "$(tail -n 20 "$TMP/sys.err")"
is "$(tail -n 1 "$TMP/sys.out")" "first fixed commit: $c3 libxdp: make shared xsk creation network namespace aware" \
	"names the fix"
like "$(cat "$TMP/sys.err")" "libbpf: the system's \($sysver\): the tree's lib/libbpf submodule is not populated" \
	"the output says the system libbpf is used, and why"
is "$(cut -f2 "$TMP/ledger3" | sort -u)" system "every step was built against the system libbpf"
is "$(cut -f8 "$R/bisect-system/steps.tsv" | sort -u)" "system $sysver" "steps.tsv: system, its version"
is "$(jq -c '[.libbpf, (.steps | map(.libbpf.source) | unique)]' "$R/bisect-system/summary.json")" '["system",["system"]]' \
	"summary.json: system, for the plan and every step"
is "$(git -C "$nosub" status --porcelain)" "" "the clone is left clean"

# --- scripts/ci-bisect clones the tree with its submodule, so the steps use the tree's
# libbpf; BISECT_SUBMODULES=0 leaves it out, and the steps use the system's ----------------
ci_bisect() { # ci_bisect ID [VAR=VALUE...]
	local id=$1
	shift
	env GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=protocol.file.allow GIT_CONFIG_VALUE_0=always \
		STANDIN="$work" LEDGER="$TMP/ledger-$id" BISECT_REPO="$xt" BISECT_BROKEN="$c1" BISECT_FIXED="$c4" \
		VM=1 RESULTS="$R" BISECT_ID="$id" "$@" "$TOP/scripts/ci-bisect" >"$TMP/$id.out" 2>"$TMP/$id.err"
}
ci_bisect ci
is "$?:$(tail -n 1 "$TMP/ci.out")" "0:first fixed commit: $c3 libxdp: make shared xsk creation network namespace aware" \
	"ci-bisect: the answer" "$(tail -n 20 "$TMP/ci.err")"
is "$(jq -r .libbpf "$R/bisect-ci/summary.json"):$(cut -f2 "$TMP/ledger-ci" | cut -d' ' -f1 | sort -u)" "submodule:submodule" \
	"ci-bisect: its clone has the submodule, every step built with the tree's libbpf" "$(grep -i libbpf "$TMP/ci.err")"
ci_bisect ci-nosub BISECT_SUBMODULES=0
is "$?:$(jq -r .libbpf "$R/bisect-ci-nosub/summary.json")" "0:system" \
	"ci-bisect BISECT_SUBMODULES=0: the same answer, with the system's libbpf" "$(tail -n 20 "$TMP/ci-nosub.err")"

# --- a range that is not a line of history, through scripts/ci-bisect: the caveat in the
# answer, summary.json and the CI summary --------------------------------------------------------
git -C "$xt" checkout -q -b maint "$c1"
echo "maintenance notes" >"$xt/MAINT" && m1=$(commit "$xt" "maint: notes")
git -C "$xt" checkout -q main
ci_bisect ci-nonlinear BISECT_BROKEN="$m1" GITHUB_STEP_SUMMARY="$TMP/ci-summary.md"
is "$?:$(tail -n 1 "$TMP/ci-nonlinear.out")" \
	"0:first fixed commit: $c3 libxdp: make shared xsk creation network namespace aware [caveat: the range is not a line of history: broken $m1 is not an ancestor of fixed $c4; git bisected from their merge base, ${c1:0:12} judged broken (BUG); the answer holds only on the path from it to fixed]" \
	"ci-bisect, BROKEN on a side branch: the answer carries the caveat" "$(tail -n 20 "$TMP/ci-nonlinear.err")"
is "$(jq -c '[.range.linear, .range.merge_bases[0].commit]' "$R/bisect-ci-nonlinear/summary.json")" "[false,\"$c1\"]" \
	"summary.json: not linear, the merge base"
grep -qF "**Caveat:** the range is not a line of history: broken $m1 is not an ancestor of fixed $c4" "$TMP/ci-summary.md"
ok $? "the CI summary shows the caveat" "$(cat "$TMP/ci-summary.md")"

# --- a tool this machine lacks: named before the first step, nothing judged ----------------------
# PATH: every command of this PATH, linked, except cpio (the libxdp steps copy the tree with it)
nocpio=$TMP/nocpio-bin
mkdir -p "$nocpio"
IFS=: read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
	for f in "$d"/*; do
		b=$(basename "$f")
		[[ -x $f && ! -d $f && $b != cpio && ! -e $nocpio/$b ]] && ln -s "$f" "$nocpio/$b"
	done
done
[[ -e $nocpio/git && ! -e $nocpio/cpio ]]
ok $? "a PATH with every command but cpio"
st=0
PATH=$nocpio STANDIN=$work LEDGER=$TMP/ledger-nocpio "$TOP/scripts/bisect" --src "$work" --broken "$c1" --fixed "$c4" \
	--vm --results "$R" --id nocpio >"$TMP/nocpio.out" 2>"$TMP/nocpio.err" || st=$?
is "$st:$(wc -l <"$TMP/nocpio.err"):$(cat "$TMP/nocpio.err")" \
	"3:1:bisect: missing tool: cpio (package cpio); make deps installs what bisects need" \
	"cpio missing: exit 3, one line naming it, before the first step"
[[ ! -e $R/bisect-nocpio/steps.tsv && ! -e $TMP/ledger-nocpio ]]
ok $? "no step was run or judged"
is "$(jq -c '[.outcome, .exit, .missing_tool, (.steps | length)]' "$R/bisect-nocpio/summary.json")" \
	'["error",3,"cpio (package cpio)",0]' "summary.json: error, exit 3, the missing tool, no step"
# positive control: the same PATH with cpio linked back passes the check
ln -s "$(command -v cpio)" "$nocpio/cpio"
st=0
PATH=$nocpio STANDIN=$work LEDGER=$TMP/ledger-cpio "$TOP/scripts/bisect" --src "$work" --broken "$c1" --fixed "$c4" \
	--vm --no-check-ends --results "$R" --id withcpio >"$TMP/withcpio.out" 2>"$TMP/withcpio.err" || st=$?
is "$st:$(tail -n 1 "$TMP/withcpio.out")" "0:first fixed commit: $c3 libxdp: make shared xsk creation network namespace aware" \
	"positive control: with cpio back on that PATH, the answer" "$(tail -n 5 "$TMP/withcpio.err")"

# cpio vanishes after the first step, inside `git bisect run` (the ends trusted): the next
# step is ERROR naming it, git's run stops, the bisection too (exit 3), no commit is
# skipped or judged for it
vanish=$TMP/vanish-run-guest
cat >"$vanish" <<RUNNER
#!/bin/bash
"$stub" "\$@"
st=\$?
rm -f "$nocpio/cpio"
exit \$st
RUNNER
chmod +x "$vanish"
st=0
BISECT_GUEST_RUNNER=$vanish PATH=$nocpio STANDIN=$work LEDGER=$TMP/ledger-vanish "$TOP/scripts/bisect" --src "$work" \
	--broken "$c1" --fixed "$c4" --vm --no-check-ends --results "$R" --id vanish >"$TMP/vanish.out" 2>"$TMP/vanish.err" || st=$?
V=$R/bisect-vanish
like "$st:$(tail -n 1 "$TMP/vanish.out")" \
	"^3:error: step 2 \($(sed -n 2p "$V/steps.tsv" | cut -f2 | cut -c1-12)\) could not run: missing tool: cpio \(package cpio\)$" \
	"cpio gone mid-run: exit 3, the answer names the step and the tool"
like "$(cut -f3,4 "$V/steps.tsv" | tr '\t\n' ' ')" "^(PASS 1|BUG 0) ERROR 255 $" \
	"steps.tsv: the first step judged, the next ERROR (255: stop), never BUILD-FAILED or a skip"
grep -q "exit code 255" "$V/git-bisect.out"
ok $? "git bisect run was stopped by the step, not left to skip it" "$(tail -n 5 "$V/git-bisect.out")"
is "$(jq -c '[.outcome, .missing_tool, .tree_restored]' "$V/summary.json")" '["error","cpio (package cpio)",true]' \
	"summary.json: error, the tool, the tree put back"
! grep -q '^git bisect skip' "$V/bisect.log" 2>/dev/null
ok $? "nothing was skipped for the missing tool"

# a command the build calls that this machine does not have: ERROR naming it (255), not BUILD-FAILED
git -C "$work" checkout -q -b needs-tool main
printf '\nall: extra\nextra:\n\txskns-no-such-tool --version\n' >>"$work/lib/libxdp/Makefile"
commit "$work" "libxdp: a build step that needs a tool" >/dev/null
st=0
STANDIN=$work LEDGER=$TMP/ledger-tool "$TOP/scripts/bisect-run" --src "$work" --vm --results "$R/needs-tool" \
	2>"$TMP/needs-tool.err" || st=$?
is "$st:$(cut -f3,4 "$R/needs-tool/steps.tsv")" "255:ERROR	255" "a build that calls a missing command: ERROR, status 255"
like "$(cut -f5 "$R/needs-tool/steps.tsv")" "^missing tool: xskns-no-such-tool \(the build called it, " \
	"the step names the command" "$(tail -n 5 "$TMP/needs-tool.err")"
git -C "$work" checkout -q main
git -C "$work" submodule update -q --no-fetch

# --- the schema can fail --------------------------------------------------------------------
jq '.steps[0].libbpf.source = "vendored"' "$B/summary.json" >"$TMP/fixtures/bad1.json"
validate "$TMP/fixtures/bad1.json" >/dev/null 2>&1
is "$?" 1 "negative control: summary.json with an unknown libbpf source is rejected"
jq 'del(.steps[0].verdict)' "$B/summary.json" >"$TMP/fixtures/bad2.json"
validate "$TMP/fixtures/bad2.json" >/dev/null 2>&1
is "$?" 1 "negative control: a step without its verdict is rejected"
exit $((_failed > 0))

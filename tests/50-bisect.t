#!/bin/bash
# Bisect jobs end to end on real library code: a git repository made of the AF_XDP
# helper of Debian's linux-source-6.1 (the (ifindex, queue) lookup), unrelated commits,
# a commit that does not build, the netns-cookie fix (applied here by a small script)
# and later its revert. `make bisect` must name the fix, then the revert, skip the
# unbuildable commit and leave the repository as it was. Also: the exit-code mapping
# of scripts/bisect-run with a fake harness, the metric mode, and image-list bisection
# with a stub guest runner and an unbootable image. Every bisection's summary.json matches
# results/bisect.schema.json (checked on exit for those under $TMP/results, here for the
# ones under fixtures/) and says what steps.tsv and answer.txt say.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 78

# make bisect, whether or not the top Makefile includes scripts/bisect.mk yet
mk=(make -s -C "$TOP")
make -n -C "$TOP" bisect >/dev/null 2>&1 || mk+=(-f Makefile -f scripts/bisect.mk)

tree=$("$TOP/scripts/selftests-xsk-tree" 2>"$TMP/unpack.log")
ok $? "linux-source-6.1 selftests helper unpacked" "$(cat "$TMP/unpack.log")"

# --- the repository --------------------------------------------------------------------
repo=$TMP/repo
xsk=tools/testing/selftests/bpf/xsk.c
export GIT_AUTHOR_NAME=xskns GIT_AUTHOR_EMAIL=xskns@example.invalid
export GIT_COMMITTER_NAME=xskns GIT_COMMITTER_EMAIL=xskns@example.invalid
commit_in() { git -C "$1" add -A && git -C "$1" commit -qm "$2" && git -C "$1" rev-parse HEAD; }
commit() { commit_in "$repo" "$1"; }

# The project's fix, as STORY.md describes it: the netns cookie joins the context key.
apply_fix() {
	python3 - "$repo/$xsk" <<'EOF'
import re, sys
path = sys.argv[1]
text = open(path).read()
def edit(pattern, replacement):
    global text
    text, n = re.subn(pattern, replacement, text, count=1, flags=re.S)
    if n != 1:
        sys.exit("apply_fix: no match for " + pattern)
edit(r'(struct xsk_ctx \{\n)', r'\1\t__u64 netns_cookie;\n')
edit(r'(xsk_get_ctx\(struct xsk_umem \*umem,)', r'\1 __u64 netns_cookie,')
edit(r'(if \()(ctx->ifindex == ifindex && ctx->queue_id == queue_id\))',
     r'\1ctx->netns_cookie == netns_cookie && \2')
edit(r'(xsk_socket__create_shared\(.*?\{\n)', r'\1\t__u64 netns_cookie = 1;\n')
# SO_NETNS_COOKIE is 71; kernels before 5.14 answer ENOPROTOOPT: one constant cookie
edit(r'(\n([ \t]*)ctx = xsk_get_ctx\(umem,)',
     r'\n\2if (getsockopt(xsk->fd, SOL_SOCKET, 71, &netns_cookie,'
     r' &(socklen_t){sizeof(netns_cookie)})) {'
     r'\n\2\tif (errno != ENOPROTOOPT) {\n\2\t\terr = -errno;\n\2\t\tgoto out_socket;\n\2\t}'
     r'\n\2\tnetns_cookie = 1;\n\2}\1 netns_cookie,')
edit(r'(ctx = xsk_create_ctx\(xsk, umem, .*?if \(!ctx\) \{.*?\}\n)',
     r'\1\t\tctx->netns_cookie = netns_cookie;\n')
open(path, 'w').write(text)
EOF
}

mkdir -p "$repo"
(cd "$tree" && tar -cf - --exclude=.unpacked .) | tar -xf - -C "$repo"
git -C "$repo" init -q -b main
c1=$(commit "import the AF_XDP selftests helper of linux 6.1")
echo "notes" >"$repo/NOTES" && commit "add notes" >/dev/null
echo "int unfinished(" >>"$repo/$xsk" && c3=$(commit "xsk: start a helper (does not build)")
sed -i '$d' "$repo/$xsk" && commit "xsk: drop the unfinished helper" >/dev/null
apply_fix && c5=$(commit "xsk: key contexts by netns cookie, ifindex and queue")
echo "more notes" >>"$repo/NOTES" && c6=$(commit "more notes")
git -C "$repo" revert --no-edit "$c5" >/dev/null && c7=$(git -C "$repo" rev-parse HEAD)
echo "even more notes" >>"$repo/NOTES" && c8=$(commit "even more notes")
git -C "$repo" checkout -q -b work "$c8"
head_before=$(git -C "$repo" rev-parse HEAD)
is "$(git -C "$repo" rev-list --count HEAD)" 8 "test repository: 8 commits"

# --- the fix really fixes ----------------------------------------------------------------
git -C "$repo" checkout -q --detach "$c6"
st=0
"$TOP/scripts/bisect-run" --src "$repo" --results "$TMP/checks" --duration 1 \
	2>"$TMP/check1.log" || st=$?
is "$st" 0 "the fixed helper: colliding-ifindex PASS (bisect-run answers 0)"
st=0
"$TOP/scripts/bisect-run" --src "$repo" --results "$TMP/checks" --duration 1 \
	--emulate-no-netns-cookie 2>"$TMP/check2.log" || st=$?
is "$st" 1 "the fixed helper without SO_NETNS_COOKIE: BUG (answers 1)"
st=0
"$TOP/scripts/bisect-run" --src "$repo" --results "$TMP/checks" --duration 1 --fix \
	2>"$TMP/check3.log" || st=$?
is "$st" 1 "--fix: PASS answers 1 (fixed)"
git -C "$repo" checkout -q work
is "$(git -C "$repo" status --porcelain)" "" "a step leaves the tree clean (builds outside it)"

tree_as_before() { # tree_as_before NAME
	is "$(git -C "$repo" rev-parse HEAD) $(git -C "$repo" symbolic-ref -q HEAD)" \
		"$head_before refs/heads/work" "$1: same HEAD and branch afterwards"
	is "$(git -C "$repo" status --porcelain --ignored)" "" "$1: no stray files"
	[[ ! -e "$(git -C "$repo" rev-parse --absolute-git-dir)/BISECT_START" ]]
	ok $? "$1: not bisecting any more"
}

# --- what fixed it -------------------------------------------------------------------------
start=$SECONDS
st=0
"${mk[@]}" bisect SRC="$repo" SCENARIO=colliding-ifindex BROKEN="$c1" FIXED="$c6" DURATION=1 \
	RESULTS="$TMP/results" BISECT_ID=fix >"$TMP/fix.out" 2>"$TMP/fix.err" || st=$?
is "$st" 0 "make bisect BROKEN= FIXED= succeeds ($((SECONDS - start)) s)"
is "$(tail -n 1 "$TMP/fix.out")" \
	"first fixed commit: $c5 xsk: key contexts by netns cookie, ifindex and queue" \
	"names the fix commit" "$(tail -n 20 "$TMP/fix.err")"
out=$TMP/results/bisect-fix
is "$(awk -F'\t' -v c="$c3" '$2 == c { print $3, $4 }' "$out/steps.tsv")" "BUILD-FAILED 125" \
	"the commit that does not build was skipped"
grep -q "^git bisect skip $c3" "$out/bisect.log"
ok $? "bisect.log records the skip"
c3_lines=$(grep -F "${c3:0:12}" "$TMP/fix.err" | grep -c 'BUILD-FAILED')
is "$c3_lines" 1 "the failed build: one line" "$(grep -F -A3 "${c3:0:12}" "$TMP/fix.err")"
like "$(grep -F "${c3:0:12} BUILD-FAILED" "$TMP/fix.err")" "build failed after [0-9]+ s: .*error.*; log $out/steps/[^ ]*/build.log" \
	"that line: the first error of the build and the log's path"
is "$(grep -cE '^ +[0-9]* +\| ' "$TMP/fix.err")" 0 "the build log itself is not poured out (no compiler excerpts)"
like "$(cat "$TMP/fix.err")" $'bisect found the first fixed commit\n' \
	"git's last line in this run's terms, ended: the next line is not glued to it"
is "$(grep -c 'first bad commit' "$TMP/fix.err")" 0 "a find-the-fix run never says 'first bad commit'"
bad_rows=$(awk -F'\t' '$3 != "PASS" && $3 != "BUG" && $3 != "BUILD-FAILED"' "$out/steps.tsv")
is "$bad_rows" "" "every step has a verdict"
n_json=$(find "$out/steps" -name result.json | wc -l)
n_runs=$(awk -F'\t' '$3 == "PASS" || $3 == "BUG"' "$out/steps.tsv" | wc -l)
is "$n_json" "$n_runs" "every judged step kept its result folder"
is "$(cat "$out/answer.txt")" "$(tail -n 1 "$TMP/fix.out")" "answer.txt holds the answer"
is "$(jq -c '[.mode, .outcome, .exit, .first.commit, (.steps | length), (.steps | map(.libbpf) | unique), .answer, .tree_restored]' "$out/summary.json")" \
	"$(jq -nc --arg c "$c5" --arg a "$(cat "$out/answer.txt")" --argjson n "$(wc -l <"$out/steps.tsv")" \
		'["fix", "found", 0, $c, $n, [null], $a, true]')" \
	"summary.json: mode, outcome, the fix, every step, no libbpf (not a libxdp tree), the answer, tree restored"
tree_as_before "fix bisection"

# --- what broke it -------------------------------------------------------------------------
start=$SECONDS
st=0
"${mk[@]}" bisect SRC="$repo" SCENARIO=colliding-ifindex GOOD="$c6" BAD="$c8" DURATION=1 \
	RESULTS="$TMP/results" BISECT_ID=break >"$TMP/break.out" 2>"$TMP/break.err" || st=$?
is "$st" 0 "make bisect GOOD= BAD= succeeds ($((SECONDS - start)) s)"
is "$(tail -n 1 "$TMP/break.out")" \
	"first bad commit: $c7 Revert \"xsk: key contexts by netns cookie, ifindex and queue\"" \
	"names the revert" "$(tail -n 20 "$TMP/break.err")"
tree_as_before "regression bisection"

# --- refusals --------------------------------------------------------------------------------
echo stray >"$repo/stray.txt"
st=0
"$TOP/scripts/bisect" --src "$repo" --good "$c6" --bad "$c8" --results "$TMP/results" \
	>/dev/null 2>"$TMP/dirty.err" || st=$?
is "$st" 2 "a tree with untracked files is refused (exit 2)"
like "$(cat "$TMP/dirty.err")" "untracked files" "with a clear message"
"$TOP/scripts/bisect" --src "$repo" --good "$c6" --bad "$c8" --kind kernal --results "$TMP/results" \
	>/dev/null 2>"$TMP/kind.err"
is "$?:$(wc -l <"$TMP/kind.err"):$(cat "$TMP/kind.err")" \
	"2:1:bisect: unknown tree kind 'kernal' (--kind, make KIND=): use auto, kernel, selftests, libxdp or libbpf" \
	"an unknown tree kind: exit 2, one line naming it, before anything starts"
rm "$repo/stray.txt"
st=0
"$TOP/scripts/bisect" --src "$repo" --good "$c1" --bad "$c8" --duration 1 --results "$TMP/results" \
	--id wrong-end >/dev/null 2>"$TMP/ends.err" || st=$?
is "$st" 1 "a GOOD end that is BUG makes the bisection inconclusive (exit 1)"
is "$(jq -c '[.outcome, .exit, .first, .steps[0].verdict, .answer == $a]' --arg a "$(cat "$TMP/results/bisect-wrong-end/answer.txt")" \
	"$TMP/results/bisect-wrong-end/summary.json")" '["inconclusive",1,null,"BUG",true]' \
	"summary.json of an inconclusive bisection: no first commit, the BUG end, the answer"

# --- exit-code mapping with a fake harness ---------------------------------------------------
# (its hand-made result.json files go under fixtures/: not checked against the schema)
fake=$TMP/fake-xskns
cat >"$fake" <<'EOF'
#!/bin/bash
# fake `xskns run --results DIR ... SCENARIO`: FAKE=pass|bug|error|crash|liar, FAKE_PPS
set -euo pipefail
dir=$3
n=$(cat "$FAKE_COUNTER" 2>/dev/null || echo 0)
echo $((n + 1)) >"$FAKE_COUNTER"
id=fake-$n
echo "$*" >"$FAKE_COUNTER.args"
mkdir -p "$dir/$id"
ln -sfn "$id" "$dir/latest"
read -r -a pps <<<"${FAKE_PPS:-1000}"
val=${pps[$((n % ${#pps[@]}))]}
json() { printf '{"verdict": "%s", "reason": "fake", "stages": {"fwd": {"tx_pps": %s}}}\n' "$1" "$val" >"$dir/$id/result.json"; }
case $FAKE in
pass) json PASS; exit 0 ;;
bug) json BUG; exit 1 ;;
error) json ERROR; exit 2 ;;
liar) json BUG; exit 0 ;;
crash) kill -SEGV $$ ;;
esac
EOF
chmod +x "$fake"
export FAKE_COUNTER=$TMP/fake-count
mapping() { # mapping FAKE [bisect-run options...] -> status
	local st=0
	FAKE=$1 "$TOP/scripts/bisect-run" --src "$repo" --results "$TMP/fixtures/map" --xskns "$fake" \
		"${@:2}" 2>>"$TMP/map.log" || st=$?
	echo "$st"
}
is "$(mapping pass) $(mapping bug) $(mapping error) $(mapping crash) $(mapping liar)" \
	"0 1 125 125 125" "PASS 0, BUG 1, ERROR / crash / disagreeing result 125"
is "$(mapping pass --fix) $(mapping bug --fix) $(mapping error --fix)" "1 0 125" \
	"--fix: PASS 1, BUG 0, ERROR 125"
is "$(mapping pass --bogus-option)" 125 "a usage error is 125, not an abort"
metric=(--metric fwd.tx_pps --runs 3 --fraction 0.8)
is "$(FAKE_PPS="190 210 200" mapping pass "${metric[@]}" --reference 250)" 0 \
	"metric: median 200 >= 0.8 x 250: good"
is "$(FAKE_PPS="190 210 200" mapping pass "${metric[@]}" --reference 300)" 1 \
	"metric: median 200 < 0.8 x 300: bad"
is "$(mapping error "${metric[@]}" --reference 300)" 125 "metric: only ERROR runs: skip"
# runs of one commit 214k, 290k and 450k apart (a loaded machine): no verdict either way
is "$(FAKE_PPS="214000 290000 450000" mapping pass "${metric[@]}" --reference 250000)" 125 \
	"metric: runs spread wider than the threshold: skip, whatever the median says"
like "$(tail -n 1 "$TMP/fixtures/map/steps.tsv" | cut -f3,5)" \
	"^NOISY	too noisy to judge: fwd.tx_pps spread 81 % over 3 runs \(214000-450000\), wider than 20 %" \
	"steps.tsv: NOISY, too noisy to judge, with the spread and the runs"
is "$(FAKE_PPS="214000 290000 450000" mapping pass "${metric[@]}" --reference 250000 --max-spread 0.9)" 0 \
	"positive control: the same runs judged when --max-spread allows them"
is "$(FAKE_PPS="200" CPU_GEN=0 mapping pass "${metric[@]}" --reference 250 --cpu-fwd 1 --cpu-sink 0):$(cat "$FAKE_COUNTER.args")" \
	"0:run --results $TMP/fixtures/map/steps/$(printf '%02d' "$(wc -l <"$TMP/fixtures/map/steps.tsv")")-${head_before:0:12}/run3 --cpu-gen 0 --cpu-fwd 1 --cpu-sink 0 colliding-ifindex" \
	"the tools' CPUs (option or CPU_GEN=) reach every run"

# a build log's missing command (scripts/lib/bisect-tools.sh), as sh, bash and make say it
# shellcheck source=scripts/lib/bisect-tools.sh
. "$TOP/scripts/lib/bisect-tools.sh"
printf '%s\n' "CC foo.o" "/bin/sh: 1: xskns-absent-tool: not found" >"$TMP/fixtures/sh.log"
printf '%s\n' "bash: line 3: xskns-absent-tool: command not found" >"$TMP/fixtures/bash.log"
printf '%s\n' "make[1]: xskns-absent-tool: No such file or directory" >"$TMP/fixtures/make.log"
is "$(for l in sh bash make; do bisect_log_missing "$TMP/fixtures/$l.log"; echo "$?"; done | paste -sd' ')" \
	"xskns-absent-tool 1 xskns-absent-tool 1 xskns-absent-tool 1" "a build log's missing command is found, as sh, bash and make word it"
printf '%s\n' "/bin/sh: 1: git: not found" "make: *** [Makefile:3: all] Error 1" >"$TMP/fixtures/there.log"
bisect_log_missing "$TMP/fixtures/there.log" >/dev/null
ok $? "negative control: a command that is on PATH now is not called missing"

# --- metric bisections with a stand-in harness (no build; results under fixtures/, summary.json
# checked at the end): the forwarder's CPU time per
# frame of each commit from its COST file, pps = 1e9 / cost x the machine's load, one
# factor per run in order (FAKE_LOAD); a copy beside a reference.env is the reference
# build and takes its commit's figures ---------------------------------------------------------
cost_fake=$TMP/cost-xskns
cat >"$cost_fake" <<'FAKE'
#!/bin/bash
set -euo pipefail
dir=$3
n=$(cat "$FAKE_COUNTER" 2>/dev/null || echo 0)
echo $((n + 1)) >"$FAKE_COUNTER"
rev=HEAD
env=$(dirname "$0")/reference.env
[[ ! -f $env ]] || rev=$(sed -n 's/^ref_commit=//p' "$env")
read -r -a cost <<<"$(git -C "$FAKE_TREE" show "$rev:COST")"
read -r -a load <<<"${FAKE_LOAD:-1}"
c=${cost[$((n % ${#cost[@]}))]} l=${load[$((n % ${#load[@]}))]}
mkdir -p "$dir/fake-$n"
ln -sfn "fake-$n" "$dir/latest"
awk -v c="$c" -v l="$l" 'BEGIN { printf "{\"verdict\": \"PASS\", \"stages\": {\"fwd\": {\"tx_pps\": %.3f, \"cpu_ns_per_frame\": %.3f}}}\n", 1e9 / c * l, c }' \
	>"$dir/fake-$n/result.json"
echo "$(git -C "$FAKE_TREE" rev-parse "$rev") $c $l" >>"$FAKE_COUNTER.log"
FAKE
chmod +x "$cost_fake"
mrepo=$TMP/mrepo
mkdir -p "$mrepo"
git -C "$mrepo" init -q -b main
m=()
for c in 100 "101 99 100" "100 190 100" 100 130 "131 129 130"; do
	echo "$c" >"$mrepo/COST"
	m+=("$(commit_in "$mrepo" "cost $c")")
done
# the machine gets loaded once the reference (3 runs) is measured: pps falls to 60 %
load="1 1 1$(printf ' 0.6%.0s' $(seq 80))"
cost_bisect() { # cost_bisect ID [scripts/bisect options...] -> status; the answer in $TMP/ID.out
	local id=$1 st=0
	shift
	rm -f "$TMP/count-$id"
	FAKE_TREE=$mrepo FAKE_COUNTER=$TMP/count-$id "$TOP/scripts/bisect" --src "$mrepo" --kind selftests \
		--xskns "$cost_fake" --results "$TMP/fixtures/results" --id "$id" "$@" >"$TMP/$id.out" 2>"$TMP/$id.err" || st=$?
	echo "$st"
}
st=$(FAKE_LOAD=$load cost_bisect cost --good "${m[0]}" --bad "${m[5]}" --metric fwd.cpu_ns_per_frame)
is "$st:$(tail -n 1 "$TMP/cost.out")" "0:first bad commit: ${m[4]} cost 130" \
	"CPU time per frame: the 30 % costlier commit is found" "$(tail -n 20 "$TMP/cost.err")"
C=$TMP/fixtures/results/bisect-cost
is "$(awk -F'\t' -v c="${m[2]}" '$2 == c { print $3, $4 }' "$C/steps.tsv")" "NOISY 125" \
	"a commit whose runs spread 90 % is NOISY and skipped, not judged" "$(cut -f2-5 "$C/steps.tsv")"
is "$(jq -c '[.steps[1:][] | .metric.interleaved] | unique' "$C/summary.json")" "[true]" \
	"summary.json: every step after the reference ran beside it"
# in the stand-in's log: the reference's runs (its commit, the good end) alternate with the step's
is "$(awk -v r="${m[0]}" 'NR > 3 { printf "%s", ($1 == r) ? "R" : "S" }' "$TMP/count-cost.log" | sed 's/RS//g')" "" \
	"the good end's build ran before each of a step's runs (reference, step, reference, ...)" \
	"$(head -n 12 "$TMP/count-cost.log")"
[[ ! -e $(sed -n 's/^ref_build=//p' "$C/reference/reference.env") ]]
ok $? "the kept reference build is removed at the end"
st=$(FAKE_LOAD=$load cost_bisect pps --good "${m[0]}" --bad "${m[5]}" --metric fwd.tx_pps)
is "$st:$(tail -n 1 "$TMP/pps.out")" "0:first bad commit: ${m[4]} cost 130" \
	"pps on a machine loaded after the reference was measured: interleaving still finds it" \
	"$(cut -f3,5 "$TMP/fixtures/results/bisect-pps/steps.tsv")"
# negative control: the same load against a reference measured once, unloaded
st=$(FAKE_LOAD=$load cost_bisect pps-given --good "${m[0]}" --bad "${m[5]}" --metric fwd.tx_pps --reference 10000000)
is "$st:$(tail -n 1 "$TMP/pps-given.out")" "0:first bad commit: ${m[1]} cost 101 99 100" \
	"negative control: against a reference measured once, the load alone names a commit that changed nothing"
# an end too noisy to judge: said, with its spread, never "not bad"
git -C "$mrepo" checkout -q -b noisy-end "${m[5]}"
echo "130 300 130" >"$mrepo/COST"
noisy=$(commit_in "$mrepo" "noisy")
git -C "$mrepo" checkout -q main
st=$(cost_bisect noisy-end --good "${m[0]}" --bad "$noisy" --metric fwd.cpu_ns_per_frame)
like "$st:$(tail -n 1 "$TMP/noisy-end.out")" \
	"^1:inconclusive: the bad revision $noisy is too noisy to judge \(too noisy to judge: fwd.cpu_ns_per_frame spread 131 %" \
	"an end whose runs spread too wide: inconclusive, too noisy to judge, with the spread"

# --- a range that is not a line of history ------------------------------------------------------
# maint branches off at m[1] (the merge base, good) with a commit of its own; GOOD is its
# tip, not an ancestor of BAD: git starts from the merge base, the answer says so
git -C "$mrepo" checkout -q -b maint "${m[1]}"
echo "99" >"$mrepo/COST"
maint=$(commit_in "$mrepo" "maint: backport")
git -C "$mrepo" checkout -q main
st=$(cost_bisect nonlinear --good "$maint" --bad "${m[5]}" --metric fwd.cpu_ns_per_frame --reference 100)
N=$TMP/fixtures/results/bisect-nonlinear
like "$st:$(tail -n 1 "$TMP/nonlinear.out")" \
	"^0:first bad commit: ${m[4]} cost 130 \[caveat: the range is not a line of history: good $maint is not an ancestor of bad ${m[5]}; git bisected from their merge base, ${m[1]:0:12} judged good \(FAST\); the answer holds only on the path from it to bad\]$" \
	"not linear: the answer carries the caveat, the merge base and how it was judged" "$(tail -n 5 "$TMP/nonlinear.err")"
is "$(cat "$N/answer.txt")" "$(tail -n 1 "$TMP/nonlinear.out")" "answer.txt: the same caveat"
is "$(jq -c '[.outcome, .range.linear, .range.merge_bases, (.range.caveat | test("not a line of history"))]' "$N/summary.json")" \
	"[\"found\",false,[{\"commit\":\"${m[1]}\",\"verdict\":\"FAST\",\"answer\":0}],true]" \
	"summary.json: range not linear, the merge base judged good, the caveat"
is "$(jq -c '.range' "$C/summary.json")" '{"linear":true,"merge_bases":[],"caveat":null}' \
	"positive control: a line of history has no caveat"
# the merge base cannot be judged (m[2] is NOISY): git cannot be sure, and neither are we
git -C "$mrepo" checkout -q -b maint2 "${m[2]}"
echo "99" >"$mrepo/COST"
maint2=$(commit_in "$mrepo" "maint2: backport")
git -C "$mrepo" checkout -q main
st=$(cost_bisect skipped-base --good "$maint2" --bad "${m[5]}" --metric fwd.cpu_ns_per_frame --reference 100)
like "$st:$(tail -n 1 "$TMP/skipped-base.out")" \
	"^1:inconclusive: .*\[caveat: the range is not a line of history: .* ${m[2]:0:12} skipped \(NOISY\): git cannot be sure" \
	"a merge base that had to be skipped: inconclusive, with the caveat" "$(tail -n 5 "$TMP/skipped-base.err")"
is "$(jq -c '[.outcome, .exit, .range.merge_bases[0].answer]' "$TMP/fixtures/results/bisect-skipped-base/summary.json")" \
	'["inconclusive",1,125]' "summary.json: inconclusive, the merge base skipped"

# --- image list with a stub guest runner -------------------------------------------------------
stub=$TMP/stub-run-guest
cat >"$stub" <<'EOF'
#!/bin/bash
# stub vm/run-guest: the "image" says PASS or BUG; anything else does not boot (2)
set -euo pipefail
kernel='' dir=''
while [[ $# -gt 0 ]]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--results) dir=$2; shift 2 ;;
	--) break ;;
	*) shift ;;
	esac
done
# a Debian kernel by name says it in its name: debian:pass-..., debian:bug-...
case $kernel in
debian:pass-*) verdict=PAS ;;
debian:bug-*) verdict=BUG ;;
debian:*) verdict=none ;;
*) verdict=$(head -c 3 "$kernel") ;;
esac
mkdir -p "$dir/stub"
ln -sfn stub "$dir/latest"
case $verdict in
PAS | BUG) v=${verdict/PAS/PASS}; printf '{"verdict": "%s"}\n' "$v" >"$dir/stub/result.json"
	[[ $v == PASS ]] && exit 0; exit 1 ;;
*) echo "stub: kernel panic - not syncing" >&2; exit 2 ;;
esac
EOF
chmod +x "$stub"
mkdir -p "$TMP/images"
i=0
for v in PASS PASS garbage PASS BUG BUG; do
	i=$((i + 1))
	if [[ $v == garbage ]]; then head -c 300 /dev/urandom | tr -d 'PB' >"$TMP/images/k$i"; else echo "$v" >"$TMP/images/k$i"; fi
	echo "k$i" >>"$TMP/images/list"
done
st=0
BISECT_GUEST_RUNNER=$stub "${mk[@]}" bisect IMAGES="$TMP/images/list" SCENARIO=colliding-ifindex \
	RESULTS="$TMP/fixtures/results" BISECT_ID=images >"$TMP/img.out" 2>"$TMP/img.err" || st=$?
is "$st" 0 "image-list bisection succeeds"
is "$(tail -n 1 "$TMP/img.out")" "first bad image: $TMP/images/k5 (#5 of 6)" "names the first bad image" \
	"$(tail -n 20 "$TMP/img.err")"
is "$(awk -F'\t' -v c="$TMP/images/k3" '$2 == c { print $4 }' "$TMP/fixtures/results/bisect-images/steps.tsv")" 125 \
	"the unbootable image was tried and skipped"

# a list whose only image between the ends cannot boot: no answer, said so
printf '%s\n' k1 k3 k5 >"$TMP/images/list2"
st=0
BISECT_GUEST_RUNNER=$stub "$TOP/scripts/bisect" --images "$TMP/images/list2" --results "$TMP/fixtures/results" \
	--id images2 >"$TMP/img2.out" 2>"$TMP/img2.err" || st=$?
is "$st" 1 "an answer hidden behind an unbootable image is inconclusive (exit 1)"
like "$(tail -n 1 "$TMP/img2.out")" "^inconclusive: the first bad image is one of: .*k3 .*k5$" \
	"and names both candidates"
is "$(jq -c '[.mode, .old_term, .new_term, .candidates]' "$TMP/fixtures/results/bisect-images2/summary.json")" \
	"[\"images\",\"good\",\"bad\",[\"$TMP/images/k3\",\"$TMP/images/k5\"]]" "summary.json: the direction and both candidates"

# IMAGES as the kernels themselves, by Debian name (the newest cannot be booted: skipped)
st=0
BISECT_GUEST_RUNNER=$stub "${mk[@]}" bisect IMAGES="debian:bug-bullseye debian:pass-bookworm debian:pass-trixie debian:no-such-suite" \
	SCENARIO=colliding-ifindex RESULTS="$TMP/fixtures/results" BISECT_ID=names >"$TMP/names.out" 2>"$TMP/names.err" || st=$?
is "$st" 0 "image bisection over Debian kernel names succeeds"
is "$(tail -n 1 "$TMP/names.out")" "first fixed image: debian:pass-bookworm (#2 of 4)" "names the first fixed image by its name" \
	"$(tail -n 20 "$TMP/names.err")"
is "$(awk -F'\t' '$2 == "debian:no-such-suite" { print $4 }' "$TMP/fixtures/results/bisect-names/steps.tsv")" 125 \
	"a name that cannot be booted was tried and skipped"
out=$("$TOP/tests/lib/validate-results.py" "$TOP/results/bisect.schema.json" "$TMP"/fixtures/results/bisect-*/summary.json 2>&1)
ok $? "the image bisections' summary.json files match results/bisect.schema.json" "$out"

# --- ends given the wrong way round, unchecked: git's refusal is the answer -----------------
st=0
"$TOP/scripts/bisect" --src "$repo" --good "$c8" --bad "$c1" --no-check-ends --duration 1 \
	--results "$TMP/results" --id swapped >"$TMP/swapped.out" 2>"$TMP/swapped.err" || st=$?
is "$st" 2 "swapped ends under --no-check-ends: exit status 2"
like "$(tail -n 1 "$TMP/swapped.out")" "^error: git refused (good|bad) [0-9a-f]{12}: .+ \\(are the ends swapped\\?\\)$" \
	"the answer on stdout gives git's reason" "$(cat "$TMP/swapped.out" "$TMP/swapped.err" | tail -n 5)"
tree_as_before "swapped ends"

# --- commits a libxdp step cannot build, said before the steps (scripts/lib/bisect-tools.sh) --
# A tree laid out like xdp-tools: configure wanting bpf_set_link_xdp_fd_opts() (libbpf 0.x)
# until a commit drops it; lib/libbpf a submodule whose URL does not answer (offline).
# shellcheck source=scripts/lib/bisect-tools.sh
. "$TOP/scripts/lib/bisect-tools.sh"
x=$TMP/xdp-tools
mkdir -p "$x/lib/libxdp"
git -C "$x" init -q -b main
printf '[submodule "lib/libbpf"]\n\tpath = lib/libbpf\n\turl = %s\n' "$TMP/no-such-mirror/libbpf.git" >"$x/.gitmodules"
echo 'check bpf_set_link_xdp_fd_opts' >"$x/configure" && x1=$(commit_in "$x" "v1.2.0")
echo 'int a;' >"$x/lib/libxdp/a.c" && commit_in "$x" "libxdp: a" >/dev/null
echo 'int b;' >"$x/lib/libxdp/b.c" && x3=$(commit_in "$x" "libxdp: b")
echo 'check bpf_xdp_attach' >"$x/configure" && x4=$(commit_in "$x" "configure: drop bpf_set_link_xdp_fd_opts")
echo 'int c;' >"$x/lib/libxdp/c.c" && x5=$(commit_in "$x" "v1.3.0")
read -r nb nt newest why < <(bisect_libxdp_unbuildable "$x" "$x1" "$x5" system)
is "$nb $nt $newest" "3 5 $x3" "3 of 5 commits cannot build against the system's libbpf; the newest named"
like "$why" "configure wants bpf_set_link_xdp_fd_opts\(\) \(libbpf 0\.x\), which the system's libbpf .* lacks, and the tree's lib/libbpf submodule is not checked out" \
	"and why"
is "$(bisect_libxdp_unbuildable "$x" "$x4" "$x5" system | cut -d' ' -f1-2)" "0 2" \
	"negative control: a range after the configure change has none"
bisect_submodule_fetchable "$x"
is "$?" 1 "a submodule URL that does not answer: cannot be fetched (no 'git submodule update --init' hint)"
printf 'checking for libbpf... no\n\tsomething\nconfigure: error: libbpf lacks bpf_set_link_xdp_fd_opts\nmore\n' >"$TMP/b.log"
is "$(bisect_log_first_error "$TMP/b.log")" "configure: error: libbpf lacks bpf_set_link_xdp_fd_opts" \
	"a failed step's one line: the first error of its log"

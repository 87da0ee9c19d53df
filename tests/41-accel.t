#!/bin/bash
# Accelerator choice of the guest launcher on a host whose KVM opens but cannot run a vCPU
# (QEMU aborts with status 134, "failed to set MSR 0x10a"), emulated by
# tests/fixtures/accel/fake-qemu (XSKNS_QEMU) and a regular file as the KVM device
# (XSKNS_KVM_DEV); the real QEMU runs everything that does not abort, under TCG.
# - the probe, without a guest: it needs a vCPU that ran guest code (a VM without vCPU
#   passes on such a host, a QEMU that exits 0 without running the probe is not KVM),
#   says why it picks TCG, and reports KVM when the vCPU runs;
# - ACCEL=kvm there is ERROR at once, in one line; a bad ACCEL is named, status 2, by
#   every entry point (bisect-run: 125, git's skip, like its other usage errors), and
#   make passes ACCEL to every guest target;
# - two guests under TCG: auto after a failed probe (PASS), and auto where the probe
#   passes but the KVM guest dies before printing anything, retried once under TCG
#   through scripts/run-scenario VM=1 (BUG); result.json records tcg both times.
# run-all: host namespaces (the network: Debian's kernels are fetched on a first run)
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

RUN_GUEST=$TOP/vm/run-guest
FAKE=$TOP/tests/fixtures/accel/fake-qemu
plan 41

if ! command -v qemu-system-x86_64 >/dev/null; then
	for i in $(seq 1 38); do skip "accel test $i" "qemu-system-x86_64 missing"; done
	exit 0
fi
: >"$TMP/kvm"
broken=(env XSKNS_QEMU="$FAKE" XSKNS_KVM_DEV="$TMP/kvm" FAKE_KVM=broken)

# --- the probe ---------------------------------------------------------------------------
echo quit | "${broken[@]}" "$FAKE" -machine none -accel kvm -nodefaults -display none \
	-monitor stdio >/dev/null 2>&1
ok $? "fixture: on the emulated host a KVM VM without vCPU starts (what the old probe tried)"
# (in a subshell: the abort is a status, not a bash notice on the test's stderr)
("${broken[@]}" "$FAKE" -machine q35 -accel kvm -cpu host -nodefaults -display none \
	>/dev/null 2>"$TMP/fake.err" || exit $?) 2>/dev/null
status=$?
[ "$status" -eq 134 ] && grep -q 'failed to set MSR 0x10a' "$TMP/fake.err"
ok $? "fixture: a KVM machine with a vCPU aborts, status 134, MSR 0x10a ($status)" "$(cat "$TMP/fake.err")"

start=$(date +%s.%N)
out=$("${broken[@]}" "$RUN_GUEST" --probe 2>"$TMP/probe.err")
status=$?
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
is "$status" 0 "--probe on the broken host: status 0"
like "$out" '^tcg \(kvm failed: qemu-system-x86_64: error: failed to set MSR 0x10a.* \(QEMU status 134\)\)$' \
	"--probe on the broken host: tcg, with QEMU's error and status ($took s)"
out=$("${broken[@]}" FAKE_KVM=guest-dies "$RUN_GUEST" --probe 2>/dev/null)
is "$out" kvm "--probe where the probe's vCPU runs: kvm"
out=$(XSKNS_QEMU=/bin/true XSKNS_KVM_DEV="$TMP/kvm" "$RUN_GUEST" --probe 2>/dev/null)
like "$out" '^tcg \(kvm failed: .* \(QEMU status 0\)\)$' \
	"--probe: a QEMU that exits 0 without running the probe's code is not a working KVM"
out=$(XSKNS_QEMU="$FAKE" XSKNS_KVM_DEV="$TMP/no-such-kvm" "$RUN_GUEST" --probe 2>/dev/null)
is "$out" "tcg (no $TMP/no-such-kvm)" "--probe without a KVM device: tcg, and says so"

# --- ACCEL=kvm on the broken host, bad values -------------------------------------------
start=$(date +%s)
"${broken[@]}" "$RUN_GUEST" --accel kvm --results "$TMP/rk" -- colliding-ifindex \
	>/dev/null 2>"$TMP/kvm.err"
status=$?
took=$(($(date +%s) - start))
is "$status" 2 "--accel kvm on the broken host: exit status 2 (ERROR)"
[ "$(wc -l <"$TMP/kvm.err")" -eq 1 ] && grep -q 'accel kvm.*KVM cannot run a guest here: .*MSR 0x10a' "$TMP/kvm.err" &&
	[ "$took" -le 10 ]
ok $? "--accel kvm on the broken host: one line naming KVM and QEMU's error, within 10 s ($took s)" \
	"$(cat "$TMP/kvm.err")"
VM=1 ACCEL=kvm SCENARIO=colliding-ifindex RESULTS="$TMP/rk" "${broken[@]}" \
	"$TOP/scripts/run-scenario" >/dev/null 2>"$TMP/rs-kvm.err"
status=$?
[ "$status" -eq 2 ] && grep -q 'KVM cannot run a guest here' "$TMP/rs-kvm.err"
ok $? "run-scenario VM=1 ACCEL=kvm reaches run-guest: ERROR (2) on the broken host ($status)" \
	"$(cat "$TMP/rs-kvm.err")"

# bad_value NAME WANT_STATUS CMD...: one line on stderr naming 'bogus', that status
bad_value() {
	local name=$1 want=$2 st
	shift 2
	"$@" >/dev/null 2>"$TMP/bad.err" </dev/null
	st=$?
	[ "$st" -eq "$want" ] && [ "$(wc -l <"$TMP/bad.err")" -eq 1 ] && grep -q "bogus" "$TMP/bad.err"
	ok $? "ACCEL=bogus, $name: one line naming it, exit status $want ($st)" "$(cat "$TMP/bad.err")"
}
bad_value "vm/run-guest --accel" 2 "$RUN_GUEST" --accel bogus -- colliding-ifindex
bad_value "scripts/run-scenario VM=1" 2 env VM=1 ACCEL=bogus "$TOP/scripts/run-scenario"
bad_value "vm/trace-bind.sh" 2 "$TOP/vm/trace-bind.sh" --accel bogus -- colliding-ifindex
bad_value "vm/kallsyms.sh" 2 "$TOP/vm/kallsyms.sh" --accel bogus -- "$TMP/kvm"
bad_value "scripts/bisect" 2 "$TOP/scripts/bisect" --accel bogus --images "$TMP/kvm"
bad_value "scripts/ci-bisect" 2 env ACCEL=bogus BISECT_REPO="$TMP/none" BISECT_GOOD=a \
	BISECT_BAD=b "$TOP/scripts/ci-bisect"
bad_value "scripts/bisect-run (git's skip)" 125 "$TOP/scripts/bisect-run" --accel bogus --vm \
	--results "$TMP/bisect"
bad_value "scripts/matrix" 2 "$TOP/scripts/matrix" --accel bogus --results "$TMP/matrix" host
for t in vm-run vm-shell debug trace-bind run-scenario bisect matrix; do
	bad_value "make $t" 2 make -s -C "$TOP" "$t" ACCEL=bogus VM=1 SCENARIO=colliding-ifindex
done

# make passes ACCEL to every guest command (dry run)
for t in vm-run vm-shell debug trace-bind bisect matrix; do
	n=$(make -s -n -C "$TOP" "$t" ACCEL=tcg VM=1 SCENARIO=colliding-ifindex IMAGES=x 2>/dev/null |
		grep -c -- "--accel 'tcg'")
	want=1
	[ "$t" = debug ] && want=2 # the kallsyms guest and the paused one
	is "$n" "$want" "make $t ACCEL=tcg: --accel tcg on its guest command line(s)"
done

# --- guests ------------------------------------------------------------------------------
# auto, the probe fails: TCG from the start
start=$(date +%s)
"${broken[@]}" "$RUN_GUEST" --results "$TMP/ra" --timeout 300 -- --duration 1 colliding-ifindex \
	>"$TMP/a.ktap" 2>"$TMP/a.log"
status=$?
wall=$(($(date +%s) - start))
is "$status" 0 "auto on the broken host: the guest runs, colliding-ifindex PASS ($wall s)" ||
	tail -n 20 "$TMP/a.log" | sed 's/^/# /'
r=$(result_of "$TMP/ra" colliding-ifindex)
is "$(jqr .verdict "$r")/$(jqr .env.accel "$r")" PASS/tcg "auto on the broken host: result.json: PASS, env.accel tcg"
grep -q '^\[vm +[0-9.]*s\] booting under tcg (kvm failed: qemu-system-x86_64: error: failed to set MSR 0x10a' "$TMP/a.log" &&
	! grep -q 'booting under kvm' "$TMP/a.log" && grep -q 'guest done under tcg' "$TMP/a.log"
ok $? "auto on the broken host: the progress lines say tcg and why" "$(grep '^\[vm' "$TMP/a.log")"

# auto, the probe passes, the KVM guest dies at once: one retry under TCG
start=$(date +%s)
VM=1 ACCEL=auto SCENARIO=no-netns-cookie DURATION=1 RESULTS="$TMP/rb" "${broken[@]}" FAKE_KVM=guest-dies \
	"$TOP/scripts/run-scenario" >"$TMP/b.ktap" 2>"$TMP/b.log"
status=$?
wall=$(($(date +%s) - start))
is "$status" 1 "KVM guest dies silently: retried under TCG, no-netns-cookie BUG ($wall s)" ||
	tail -n 20 "$TMP/b.log" | sed 's/^/# /'
r=$(result_of "$TMP/rb" no-netns-cookie)
is "$(jqr .verdict "$r")/$(jqr .env.accel "$r")" BUG/tcg \
	"KVM guest dies silently: result.json: BUG, env.accel tcg (the accelerator really used)"
[ "$(grep -c 'booting under' "$TMP/b.log")" -eq 2 ] && grep -q 'booting under kvm' "$TMP/b.log" &&
	grep -q 'died under kvm before printing anything (qemu-system-x86_64: error: failed to set MSR 0x10a.*QEMU status 134); retrying once under tcg' "$TMP/b.log" &&
	grep -q 'booting under tcg (kvm failed: ' "$TMP/b.log" && grep -q 'guest done under tcg' "$TMP/b.log"
ok $? "KVM guest dies silently: two boots, the progress lines say why and that it retries under tcg" \
	"$(grep '^\[vm' "$TMP/b.log")"
# auto, the probe passes, the KVM guest hangs printing nothing: stopped, one retry under TCG
start=$(date +%s)
VM=1 ACCEL=auto SCENARIO=colliding-ifindex DURATION=1 RESULTS="$TMP/rh" XSKNS_KVM_SILENT_S=3 \
	"${broken[@]}" FAKE_KVM=guest-hangs "$TOP/scripts/run-scenario" >"$TMP/h.ktap" 2>"$TMP/h.log"
status=$?
wall=$(($(date +%s) - start))
is "$status" 0 "KVM guest hangs silently: retried under TCG, colliding-ifindex PASS ($wall s)" ||
	tail -n 20 "$TMP/h.log" | sed 's/^/# /'
is "$(jqr .env.accel "$(result_of "$TMP/rh" colliding-ifindex)")" tcg "KVM guest hangs silently: env.accel tcg"
grep -q 'printed nothing under kvm within 3 s; retrying once under tcg' "$TMP/h.log" &&
	grep -q 'guest done under tcg' "$TMP/h.log"
ok $? "KVM guest hangs silently: the progress lines say why it retries" "$(grep '^\[vm' "$TMP/h.log")"
! grep -q 'Aborted' "$TMP/b.log"
ok $? "the aborted QEMU is a status, not a bash notice with its command line" "$(grep 'Aborted' "$TMP/b.log")"
exit $((_failed > 0))

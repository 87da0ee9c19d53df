#!/bin/bash
# Guest mode end to end, under TCG here: Debian's packaged 6.1 kernel boots once and runs
# colliding-ifindex (PASS) and no-netns-cookie (BUG) in one guest; the results come back
# with the guest's kernel release and accelerator, and the worst verdict is the exit
# status; the progress lines say which accelerator and why (TCG here: no /dev/kvm; broken
# KVM is 41-accel.t's). A truncated kernel image and a guest that panics are ERROR (2),
# quickly, with the reason. The config fragment survives a merge onto Debian's
# linux-source-6.1 defconfig (the minimal base is 43-kconfig-base.t's).
# run-all: host namespaces (the network: Debian's kernels are fetched on a first run)
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

RUN_GUEST=$TOP/vm/run-guest
plan 29

if ! command -v qemu-system-x86_64 >/dev/null; then
	for i in $(seq 1 24); do skip "guest test $i" "qemu-system-x86_64 missing"; done
	guest=0
else
	guest=1
fi

if [ "$guest" -eq 1 ]; then
	start=$(date +%s)
	"$RUN_GUEST" --results "$TMP/r" --timeout 300 -- --duration 2 \
		colliding-ifindex no-netns-cookie >"$TMP/ktap" 2>"$TMP/log"
	status=$?
	wall=$(($(date +%s) - start))
	is "$status" 1 "one guest, two scenarios: exit status 1, the worst verdict (BUG) ($wall s)" \
		|| sed 's/^/# /' "$TMP/log"
	like "$(head -2 "$TMP/ktap" | tr '\n' ' ')" '^KTAP version 1 1\.\.2 $' "KTAP from the guest on stdout"
	like "$(cat "$TMP/ktap")" '^ok 1 colliding-ifindex' "KTAP: ok 1 colliding-ifindex"
	like "$(cat "$TMP/ktap")" 'ok 2 no-netns-cookie # XFAIL BUG \(as expected\)' \
		"KTAP: ok 2 no-netns-cookie # XFAIL BUG (as expected)"
	for s in colliding-ifindex no-netns-cookie; do
		r=$(result_of "$TMP/r" "$s")
		[ -n "$r" ]
		ok $? "$s: result.json arrived on the host"
		want=PASS
		[ "$s" = no-netns-cookie ] && want=BUG
		is "$(jqr .verdict "$r")" "$want" "$s: verdict $want"
		like "$(jqr .env.kernel "$r")" '^6\.1\.' "$s: guest kernel release 6.1.x in env.kernel"
		is "$(jqr .env.machine "$r")" guest "$s: env.machine is guest"
		like "$(jqr .env.accel "$r")" '^(tcg|kvm)$' "$s: env.accel is tcg or kvm"
		[ -s "$(dirname "$r")/console.log" ] && [ -s "$(dirname "$r")/stats.csv" ]
		ok $? "$s: console.log and stats.csv beside result.json"
	done
	[ -L "$TMP/r/latest" ] && [ -f "$TMP/r/latest/result.json" ]
	ok $? "results/latest points at a run folder"
	boot=$(sed -n 's/.*guest boot to harness \([0-9.]*\) s.*/\1/p' "$TMP/log")
	like "$boot" '^[0-9]+\.[0-9]+$' "the guest's boot-to-harness time is reported (${boot:-?} s)"
	booting=$(grep '^\[vm +[0-9.]*s\] booting under ' "$TMP/log" | tail -n 1)
	like "$booting" 'booting under (kvm|tcg \((no |kvm failed: ).*\)):' \
		"the progress line names the accelerator, and why when it is TCG"
	used=$(sed -n 's/.* booting under \([a-z]*\).*/\1/p' <<<"$booting")
	r=$(result_of "$TMP/r" colliding-ifindex)
	[ -n "$used" ] && [ "$(jqr .env.accel "$r")" = "$used" ] && grep -q "guest done under $used:" "$TMP/log"
	ok $? "env.accel and the last progress line name the accelerator it booted under (${used:-?})"

	# A truncated kernel image: ERROR, at once, saying why.
	kernel=$(find "$TOP/vm/cache/debian" -name vmlinuz | head -n 1)
	head -c 3000000 "$kernel" >"$TMP/truncated"
	start=$(date +%s)
	"$RUN_GUEST" --kernel "$TMP/truncated" --results "$TMP/r2" --timeout 60 -- \
		colliding-ifindex >/dev/null 2>"$TMP/log2"
	status=$?
	took=$(($(date +%s) - start))
	is "$status" 2 "truncated kernel image: exit status 2 (ERROR)"
	[ "$took" -le 30 ] && grep -q 'truncated' "$TMP/log2"
	ok $? "truncated kernel image: fails within 30 s ($took s) and says it is truncated" \
		"$(tail -n 3 "$TMP/log2")"

	# A guest that panics (its init= cannot run): ERROR with the console's tail.
	"$RUN_GUEST" --append "rdinit=/no-such-init init=/no-such-init" --results "$TMP/r3" --timeout 60 -- \
		colliding-ifindex >/dev/null 2>"$TMP/log3"
	status=$?
	is "$status" 2 "guest kernel panic: exit status 2 (ERROR)"
	grep -q 'ERROR: the guest kernel panicked' "$TMP/log3" && grep -q 'Kernel panic' "$TMP/log3"
	ok $? "guest kernel panic: the message names it and shows the console's tail" \
		"$(tail -n 5 "$TMP/log3")"
fi

# The config fragment on Debian's linux-source-6.1: merge_config.sh, olddefconfig, check.
if [ -r /usr/src/linux-source-6.1.tar.xz ]; then
	tree=$("$TOP/vm/debian-source.sh" --kconfig-only "$TOP/vm/cache/src" 2>"$TMP/src.log")
	out=$("$TOP/vm/kernel-build.sh" --config-only --base defconfig "$tree" "$TMP/kcache" \
		2>"$TMP/merge.log" | tail -n 1)
	status=$?
	is "$status" 0 "fragment merged onto linux-source-6.1 defconfig: every option survived" \
		|| sed 's/^/# /' "$TMP/merge.log"
	like "$(cat "$TMP/merge.log")" 'all [0-9]+ fragment options survived' "the check counts the options"
	grep -q '^# CONFIG_RANDOMIZE_BASE is not set' "$out/config" &&
		grep -q '^CONFIG_XDP_SOCKETS=y' "$out/config" && grep -q '^CONFIG_VETH=y' "$out/config"
	ok $? "merged config: XDP sockets and veth built in, no KASLR"
	{
		cat "$TOP/vm/kernel.config"
		echo "CONFIG_XSKNS_NO_SUCH_OPTION=y"
	} >"$TMP/bad.config"
	"$TOP/vm/kconfig-check.sh" "$TMP/bad.config" "$out/config" 2>"$TMP/check.log" >/dev/null
	status=$?
	[ "$status" -ne 0 ] && grep -q 'CONFIG_XSKNS_NO_SUCH_OPTION: fragment wants y' "$TMP/check.log"
	ok $? "an option that does not survive is named and fails the check" "$(cat "$TMP/check.log")"
	# the same inputs are a cache hit
	"$TOP/vm/kernel-build.sh" --config-only --base defconfig "$tree" "$TMP/kcache" \
		2>"$TMP/merge2.log" >/dev/null
	grep -q 'cache hit' "$TMP/merge2.log"
	ok $? "a second merge with the same inputs is a cache hit"
else
	for i in 1 2 3 4 5; do skip "config merge check $i" "linux-source-6.1 missing"; done
fi
exit $((_failed > 0))

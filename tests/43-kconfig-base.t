#!/bin/bash
# The minimal base config for kernels built from a tree (KCONFIG_BASE=minimal, the
# default): allnoconfig with vm/kernel-minimal.config and vm/kernel.config as its answers
# gives, on Debian's linux-source-6.1 (its kconfig subset: no kernel is built), a config
# in which every option of both fragments survived, far smaller than defconfig's (no
# IPv6, no NIC vendors) and still SMP. An option that does not survive is named with its
# fragment; a base that is no config target fails; make passes KCONFIG_BASE on. The
# defconfig base is 40-guest.t's.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 9

if [ ! -r /usr/src/linux-source-6.1.tar.xz ]; then
	for i in $(seq 1 9); do skip "minimal base $i" "linux-source-6.1 missing"; done
	exit 0
fi

tree=$("$TOP/vm/debian-source.sh" --kconfig-only "$TOP/vm/cache/src" 2>"$TMP/src.log")
start=$(date +%s)
out=$(KCONFIG_BASE=minimal "$TOP/vm/kernel-build.sh" --config-only "$tree" "$TMP/kcache" \
	2>"$TMP/min.log" | tail -n 1)
status=$?
took=$(($(date +%s) - start))
is "$status" 0 "minimal base on linux-source-6.1: every fragment option survived ($took s)" \
	|| sed 's/^/# /' "$TMP/min.log"
n=$(grep -cE '^(# )?CONFIG_' "$TOP/vm/kernel-minimal.config" "$TOP/vm/kernel.config" |
	awk -F: '{ s += $2 } END { print s }')
like "$(cat "$TMP/min.log")" "all $n fragment options survived" \
	"both fragments are checked ($n options)"
grep -q 'make allnoconfig with .*kernel-minimal.config .*kernel.config' "$TMP/min.log"
ok $? "allnoconfig with the two fragments as its answers" "$(head -n 3 "$TMP/min.log")"
is "$(cat "$out/base" 2>/dev/null)" minimal "the build folder records its base"

cfg=$out/config
grep -q '^CONFIG_SMP=y' "$cfg" && grep -q '^CONFIG_XDP_SOCKETS=y' "$cfg" &&
	grep -q '^CONFIG_SERIAL_8250_CONSOLE=y' "$cfg" && grep -q '^CONFIG_DEBUG_INFO=y' "$cfg" &&
	! grep -q '^CONFIG_IPV6=y' "$cfg" && ! grep -q '^CONFIG_NET_VENDOR_INTEL=y' "$cfg"
ok $? "minimal config: SMP, AF_XDP, serial console, debug info; no IPv6, no NIC vendors"
on=$(grep -c '=y$' "$cfg")
[ "$on" -lt 700 ]
ok $? "minimal config: $on options on, under 700 (defconfig + the fragment: about 1500)"

# An option the tree cannot give is named, with the fragment it came from.
echo "CONFIG_XSKNS_NO_SUCH_OPTION=y" >"$TMP/extra.config"
"$TOP/vm/kconfig-check.sh" "$TOP/vm/kernel-minimal.config" "$TMP/extra.config" "$cfg" \
	>/dev/null 2>"$TMP/check.log"
status=$?
[ "$status" -eq 1 ] &&
	grep -q 'CONFIG_XSKNS_NO_SUCH_OPTION: fragment wants y, final config has n (extra.config)' \
		"$TMP/check.log"
ok $? "a lost option is named with its fragment, status 1" "$(cat "$TMP/check.log")"

# A base that is not a config target of the tree: the config step fails, saying so.
"$TOP/vm/kernel-build.sh" --config-only --base no_such_config "$tree" "$TMP/kcache" \
	>/dev/null 2>"$TMP/bad.log"
status=$?
[ "$status" -ne 0 ] && grep -q 'no_such_config' "$TMP/bad.log"
ok $? "an unknown base fails the config step (status $status)" "$(tail -n 3 "$TMP/bad.log")"

# make: minimal by default, KCONFIG_BASE= on the command line reaches the build script.
d=$(make -s -n -C "$TOP" vm-config-check KSRC=/nowhere)
e=$(make -s -n -C "$TOP" vm-config-check KSRC=/nowhere KCONFIG_BASE=defconfig)
like "$d | $e" '--base minimal .*\| .*--base defconfig ' \
	"make vm-config-check: minimal by default, KCONFIG_BASE=defconfig passed on"
exit $((_failed > 0))

#!/bin/bash
# Debian's released kernels by name, and the kernel x scenario matrix, under TCG here:
# - vm/kernel-fetch.sh debian:bullseye: fetched through its private apt configuration
#   (once: later runs use the cache), a second call is a cache hit that asks no mirror;
#   the same kernel named by its package is the same folder; with the mirror unreachable
#   it answers from the lists it has, and with no lists at all from the kernel the name
#   resolved to before; a package or a suite that does not exist is one line naming it,
#   exit 2, and so is a matrix kernel that cannot be fetched (its cells ERROR);
# - a kernel split like sid's (a metapackage, its linux-binary-, linux-modules- and
#   linux-base- parts beside it, modules in /usr/lib/modules, xz-compressed) given as a
#   .deb: unpacked and indexed; the guest's modules layer holds veth decompressed;
# - a two-kernel matrix, bullseye (5.10) and bookworm (6.1), two scenarios, one boot per
#   kernel: on 5.10 colliding-ifindex gives BUG with Debian's libxdp (no SO_NETNS_COOKIE
#   before 5.14: the fixed library falls back to one cookie, the kernel answers EINVAL)
#   and distinct-ifindex PASS; on 6.1 both PASS. The table on stdout, matrix.json and
#   matrix.csv agree with the runs' result.json files, and the exit status is what their
#   expectations say;
# - make matrix-merge joins that matrix with one of the host's kernel (and one made
#   before matrix.json had every key it has now);
# - every matrix.json matches results/matrix.schema.json, and a wrong one does not.
# run-all: host namespaces (the network: Debian's kernels are fetched on a first run)
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

FETCH=$TOP/vm/kernel-fetch.sh
MATRIX=$TOP/scripts/matrix
CACHE=${VM_CACHE:-$TOP/vm/cache}
plan 45

unreachable=(env XSKNS_DEBIAN_MIRROR=http://127.0.0.1:9/debian
	XSKNS_DEBIAN_SECURITY_MIRROR=http://127.0.0.1:9/debian-security)

# --- by name ------------------------------------------------------------------------------
start=$(date +%s)
kdir=$("$FETCH" "$CACHE" debian:bullseye 2>"$TMP/f1.log" | tail -n 1)
status=$?
took=$(($(date +%s) - start))
if [ "$status" -ne 0 ] && grep -q 'offline' "$TMP/f1.log"; then
	for i in $(seq 1 45); do skip "debian kernels $i" "no Debian mirror and no cached bullseye kernel"; done
	exit 0
fi
is "$status" 0 "debian:bullseye fetched or found in the cache ($took s)" "$(cat "$TMP/f1.log")"
rel=$(cat "$kdir/release" 2>/dev/null)
like "$rel" '^5\.10\.' "debian:bullseye is a 5.10 kernel ($rel)"
[ -s "$kdir/vmlinuz" ] && [ -f "$kdir/modules/lib/modules/$rel/modules.dep" ] &&
	compgen -G "$kdir/modules/lib/modules/$rel/kernel/drivers/net/veth.ko*" >/dev/null
ok $? "the folder holds vmlinuz, a depmod index and veth"

start=$(date +%s.%N)
kdir2=$("$FETCH" "$CACHE" debian:bullseye 2>"$TMP/f2.log" | tail -n 1)
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
[ "$kdir2" = "$kdir" ] && grep -q '^kernel-fetch: cache hit' "$TMP/f2.log" &&
	! grep -q 'package lists for' "$TMP/f2.log"
ok $? "second call: a cache hit, no package lists fetched ($took s)" "$(cat "$TMP/f2.log")"

read -r pkg _ <"$kdir/package"
kdir3=$("$FETCH" "$CACHE" "debian:$pkg" 2>"$TMP/f3.log" | tail -n 1)
[ "$kdir3" = "$kdir" ]
ok $? "debian:$pkg is the same cached kernel" "$(cat "$TMP/f3.log")"

kdir4=$("${unreachable[@]}" "$FETCH" --refresh "$CACHE" debian:bullseye 2>"$TMP/f4.log" | tail -n 1)
[ "$kdir4" = "$kdir" ] && grep -q 'using the package lists there are' "$TMP/f4.log"
ok $? "offline (mirror unreachable), --refresh: the lists there are, the cached kernel" "$(cat "$TMP/f4.log")"
! grep -q 127.0.0.1 "$CACHE/apt/bullseye/sources.list"
ok $? "a failed refresh keeps the sources that fetched the lists"

# no lists at all: the name's last answer, from a cache holding only that kernel
mkdir -p "$TMP/cold/debian/by-name"
cp -a "$kdir" "$TMP/cold/debian/"
cp -a "$CACHE/debian/by-name/debian_bullseye" "$TMP/cold/debian/by-name/"
kdir5=$("${unreachable[@]}" "$FETCH" "$TMP/cold" debian:bullseye 2>"$TMP/f5.log" | tail -n 1)
[ "$kdir5" = "$TMP/cold/debian/$(basename "$kdir")" ] && grep -q 'the last kernel debian:bullseye named' "$TMP/f5.log"
ok $? "offline with no package lists: the kernel debian:bullseye named last time" "$(cat "$TMP/f5.log")"

"$FETCH" "$CACHE" debian:linux-image-0.0.0-no-such-amd64/bullseye >/dev/null 2>"$TMP/f6.log"
status=$?
is "$status" 2 "a package that does not exist: exit 2"
is "$(wc -l <"$TMP/f6.log")" 1 "one line" "$(cat "$TMP/f6.log")"
like "$(cat "$TMP/f6.log")" 'no Debian package linux-image-0.0.0-no-such-amd64 in bullseye' "it names the package and where it looked"
"$FETCH" "$CACHE" debian:no-such-suite >/dev/null 2>"$TMP/f7.log"
status=$?
like "$status:$(cat "$TMP/f7.log")" "^2:kernel-fetch: no Debian suite 'no-such-suite'" "a suite that does not exist: exit 2, named"
[ ! -e "$CACHE/apt/no-such-suite" ]
ok $? "and no apt configuration is left for it"
VM_CACHE=$CACHE "$TOP/vm/run-guest" --kernel debian:linux-image-0.0.0-no-such-amd64/bullseye --results "$TMP/rg" \
	-- colliding-ifindex >/dev/null 2>"$TMP/rg.log"
like "$?:$(cat "$TMP/rg.log")" '^2:kernel-fetch: no Debian package linux-image-0.0.0-no-such-amd64' \
	"run-guest --kernel with a missing package: exit 2, the one line"

# A kernel split like sid's, by path: a metapackage whose parts are beside it, merged /usr,
# an xz-compressed veth (made here from the bullseye kernel's files)
split=$TMP/split
v=9.9.9-1
r=$rel
mkdeb() { # mkdeb NAME DEPENDS: a package of $split/NAME's tree
	mkdir -p "$split/$1/DEBIAN"
	printf 'Package: %s\nVersion: %s\nArchitecture: amd64\nMaintainer: t <t@example.invalid>\nDescription: t\n%s' \
		"$1" "$v" "${2:+Depends: $2
}" >"$split/$1/DEBIAN/control"
	dpkg-deb -Zxz --root-owner-group --build "$split/$1" "$split/${1}_${v}_amd64.deb" >/dev/null
}
mkdir -p "$split/linux-binary-$r/usr/lib/modules/$r" "$split/linux-modules-$r/usr/lib/modules/$r/kernel/drivers/net" \
	"$split/linux-base-$r/usr/lib/modules/$r"
cp "$kdir/vmlinuz" "$split/linux-binary-$r/usr/lib/modules/$r/vmlinuz"
xz -c "$(compgen -G "$kdir/modules/lib/modules/$r/kernel/drivers/net/veth.ko*" | head -n 1)" \
	>"$split/linux-modules-$r/usr/lib/modules/$r/kernel/drivers/net/veth.ko.xz"
cp "$kdir/config" "$split/linux-base-$r/usr/lib/modules/$r/config"
cp "$kdir/modules/lib/modules/$r/modules.builtin" "$split/linux-base-$r/usr/lib/modules/$r/"
mkdeb "linux-binary-$r" && mkdeb "linux-modules-$r" && mkdeb "linux-base-$r" &&
	mkdeb "linux-image-$r" "linux-binary-$r (= $v), linux-modules-$r (= $v), linux-base-$r (= $v)"
sdir=$("$FETCH" "$TMP/scache" "$split/linux-image-${r}_${v}_amd64.deb" 2>"$TMP/split.log" | tail -n 1)
cmp -s "$sdir/vmlinuz" "$kdir/vmlinuz" && grep -q '^kernel/drivers/net/veth.ko.xz:' "$sdir/modules/lib/modules/$r/modules.dep"
ok $? "a split kernel .deb (metapackage, parts beside it, /usr/lib/modules, veth.ko.xz): its vmlinuz, a depmod index" \
	"$(cat "$TMP/split.log")"
is "$(sort "$sdir/components" | paste -sd' ')" \
	"linux-base-$r=$v linux-binary-$r=$v linux-image-$r=$v linux-modules-$r=$v" "and its four packages recorded"
"$TOP/vm/mkinitramfs.sh" modules "$TMP/mods.cpio.gz" "$sdir/modules/lib/modules/$r" veth 2>/dev/null
mkdir -p "$TMP/mods" && (cd "$TMP/mods" && gzip -dc "$TMP/mods.cpio.gz" | cpio -id --quiet)
[ "$(head -c 4 "$TMP/mods/lib/modules/$r/kernel/drivers/net/veth.ko" | od -An -c | tr -d ' ')" = '177ELF' ] &&
	grep -qx 'kernel/drivers/net/veth.ko' "$TMP/mods/etc/xskns/modules"
ok $? "the guest's modules layer holds veth decompressed, in its load list"

# --- the matrix -----------------------------------------------------------------------------
if ! command -v qemu-system-x86_64 >/dev/null; then
	for i in $(seq 1 28); do skip "matrix $i" "qemu-system-x86_64 missing"; done
	exit $((_failed > 0))
fi
start=$(date +%s)
VM_CACHE=$CACHE "$MATRIX" --results "$TMP/r" --id two --accel tcg --duration 2 \
	--scenarios "colliding-ifindex distinct-ifindex" debian:bullseye debian:bookworm \
	>"$TMP/m.out" 2>"$TMP/m.err"
mstatus=$?
wall=$(($(date +%s) - start))
M=$TMP/r/matrix-two
r510=$(find "$M/runs/debian_bullseye" -path '*/colliding-ifindex-*/result.json' | head -n 1)
d510=$(find "$M/runs/debian_bullseye" -path '*/distinct-ifindex-*/result.json' | head -n 1)
is "$(jqr '.env.kernel + " " + .env.machine + " " + .verdict' "$r510")" "$rel guest BUG" \
	"5.10 guest: colliding-ifindex BUG ($wall s for the matrix)" "$(tail -n 20 "$TMP/m.err")"
like "$(jqr .reason "$r510")" 'shared-UMEM creation failed: Invalid argument \(-22\); collides with socket 0' \
	"5.10: the reason is the kernel's EINVAL on the second bind, colliding with socket 0"
is "$(jqr '.env.xsk_impl + " " + (.params.emulate_no_netns_cookie | tostring)' "$r510")" "libxdp false" \
	"5.10: Debian's libxdp, nothing emulated"
is "$(jqr .verdict "$d510")" PASS "5.10 guest: distinct-ifindex PASS, in the same boot" \
	"$(jq -c '{reason, drops, gen: .stages.gen.packets, fwd: .stages.fwd, sink: .stages.sink.packets}' "$d510")"
# 5.10's IFLA_STATS64 is one counter shorter than today's: its veth drops must still be
# read (a redirect the full XSK ring refused counts in veth rx_dropped there too)
jq -e '.drops.veth.rx_dropped >= .drops.xsk.rx_ring_full + .drops.xsk.rx_dropped' "$d510" >/dev/null
ok $? "5.10: veth drops are read from its shorter link statistics" "$(jq -c .drops "$d510")"
is "$(grep -c 'booting under' "$M/logs/debian_bullseye.log")" 1 "one boot for both scenarios"
b1=$(find "$M/runs/debian_bookworm" -name result.json -exec jq -r '.verdict' {} + | sort | paste -sd' ')
is "$b1" "PASS PASS" "6.1 guest: both scenarios PASS"

# exit status: what the cells' result.json files say against their expect
want=$(find "$M/runs" -name result.json -exec jq -s '
	if any(.[]; .verdict == "ERROR") then 2 elif any(.[]; .verdict != .expect) then 1 else 0 end' {} +)
is "$mstatus" "$want" "scripts/matrix exit status: $want, from the result.json verdicts and expectations"
head -n 1 "$TMP/m.out" | grep -qE '^kernel +release +colliding-ifindex +distinct-ifindex +wall$'
ok $? "stdout: the table's header" "$(head -n 3 "$TMP/m.out")"
like "$(sed -n 2p "$TMP/m.out")" "^debian:bullseye +$rel +BUG( \(want PASS\))? +PASS +[0-9]+ s$" "table: the bullseye row"
like "$(sed -n 3p "$TMP/m.out")" '^debian:bookworm +6\.1\.[^ ]+ +PASS +PASS +[0-9]+ s$' "table: the bookworm row"
like "$(tail -n 1 "$TMP/m.out")" '^4 cells: ' "table: a summary line"
grep -qE 'debian:bullseye \(1/2\): cell 1/2 colliding-ifindex: BUG \([0-9]+ s\)' "$TMP/m.err" &&
	grep -qE 'debian:bookworm \(2/2\): cell 2/2 distinct-ifindex: PASS' "$TMP/m.err"
ok $? "stderr: progress per cell, with its time"
is "$(head -n 1 "$M/matrix.csv")" '"kernel","release","package","scenario","expected","verdict","met","reason","gen_pps","fwd_rx_pps","fwd_tx_pps","sink_pps","p50_ns","p99_ns","accel","machine","forwarder","umem","wall_s","run_dir","impl","impl_name","impl_version","impl_source"' \
	"matrix.csv header"
is "$(tail -n +2 "$M/matrix.csv" | wc -l)" 4 "matrix.csv: one row per cell"
pps=$(jqr '.stages.fwd.tx_pps' "$d510")
grep -q "^\"debian:bullseye\",\"$rel\",.*,\"distinct-ifindex\",\"$(jqr .expect "$d510")\",\"PASS\",true,\"[^\"]*\",[0-9.]*,[0-9.]*,$pps,.*,\"tcg\",\"guest\"" "$M/matrix.csv"
ok $? "matrix.csv: a cell's verdict, pps and accelerator from its result.json" "$(grep distinct "$M/matrix.csv" | head -n 1)"
is "$(jq -c '[.kernels[] | .release != null and .package != null and .wall_s > 0] | unique' "$M/matrix.json")" '[true]' \
	"matrix.json: each kernel with release, package and wall time"

# --- merge -----------------------------------------------------------------------------------
"$MATRIX" --results "$TMP/r" --id host --duration 1 --scenarios "colliding-ifindex no-netns-cookie" host \
	>"$TMP/h.out" 2>"$TMP/h.err"
is "$?" 0 "a host matrix: colliding-ifindex PASS, no-netns-cookie BUG as expected (exit 0)" "$(cat "$TMP/h.out")"
make -s -C "$TOP" matrix-merge RESULTS="$TMP/r" MATRIX_ID=merged DIRS="$M $TMP/r/matrix-host" \
	>"$TMP/mm.out" 2>"$TMP/mm.err"
mm=$?
J=$TMP/r/matrix-merged/matrix.json
is "$(jq -c '[.kernels[].kernel]' "$J")" '["debian:bullseye","debian:bookworm","host"]' "merged: the three kernels, in order"
is "$(jq -c '[.scenarios[]]' "$J")" '["colliding-ifindex","distinct-ifindex","no-netns-cookie"]' "merged: the union of the scenarios"
is "$(jq '.cells | length' "$J"):$(grep -c '^host ' "$TMP/mm.out")" "6:1" "merged: every cell, and the table with the host row"
[ -d "$TMP/r/matrix-merged/runs/debian_bullseye" ] && [ -d "$TMP/r/matrix-merged/runs/host" ]
ok $? "merged: the run folders came along"
is "$mm" "$([ "$mstatus" -eq 0 ] && echo 0 || echo 2)" "make matrix-merge: 0 when every cell met its expectation, make's 2 otherwise"

# a kernel that cannot be fetched: its cells ERROR, exit 2
"$MATRIX" --results "$TMP/r" --id bad --scenarios colliding-ifindex debian:no-such-suite >"$TMP/bad.out" 2>"$TMP/bad.err"
is "$?" 2 "a matrix kernel that cannot be fetched: exit 2"
is "$(jq -r '.cells[0].verdict + ": " + .cells[0].reason' "$TMP/r/matrix-bad/matrix.json")" \
	"ERROR: no result: kernel not fetched: no Debian suite 'no-such-suite' (debian:no-such-suite): $(sed -n 's/^deb \[[^]]*\] \([^ ]*\) bullseye main$/\1/p' "$CACHE/apt/bullseye/sources.list") has no such suite" \
	"its cell: ERROR, naming the suite"

# --- the schema -------------------------------------------------------------------------------
# a folder from before kernels[] had harness_version and cells package: merged, it gains them
# (under fixtures/: not checked on exit)
mkdir -p "$TMP/fixtures/matrix-old"
jq 'del(.kernels[].harness_version, .cells[].package)' "$TMP/r/matrix-host/matrix.json" >"$TMP/fixtures/matrix-old/matrix.json"
"$MATRIX" --merge --results "$TMP/r" --id merged-old "$TMP/fixtures/matrix-old" >/dev/null 2>"$TMP/mo.err"
mapfile -t mj < <(find "$TMP/r" -name matrix.json | sort)
out=$("$TOP/tests/lib/validate-results.py" "$TOP/results/matrix.schema.json" "${mj[@]}" 2>&1)
ok $? "every matrix.json made here matches results/matrix.schema.json (${#mj[@]} files, an older folder's merge included)" "$out"
jq '.cells[0].verdict = "MAYBE"' "$J" >"$TMP/fixtures/m1.json"
"$TOP/tests/lib/validate-results.py" "$TOP/results/matrix.schema.json" "$TMP/fixtures/m1.json" >/dev/null 2>&1
is "$?" 1 "negative control: a cell verdict outside PASS/BUG/ERROR/SKIP is rejected"
jq '.kernels[0].surprise = 1' "$J" >"$TMP/fixtures/m2.json"
"$TOP/tests/lib/validate-results.py" "$TOP/results/matrix.schema.json" "$TMP/fixtures/m2.json" >/dev/null 2>&1
is "$?" 1 "negative control: an undocumented kernel key is rejected"
exit $((_failed > 0))

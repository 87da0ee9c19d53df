#!/bin/bash
# make deb: the Debian package builds from debian/ (dpkg-buildpackage on a copy of the
# tree) into BUILD/deb/, leaves the tree as it was, holds what make install puts in
# /usr with its run-time dependencies declared, runs from where it unpacks, and lintian
# finds no error and no warning in it. The checks can fail: a package without its
# copyright file is caught by both the contents check and lintian.
# Skips cleanly on a machine without dpkg-buildpackage or the build dependencies
# (make deps-deb installs them, as root). Needs no root and no network.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

cd "$TOP" || exit 1
if ! command -v dpkg-buildpackage >/dev/null; then
	echo "1..0 # SKIP no dpkg-buildpackage (make deps-deb installs it)"
	exit 0
fi
if ! unmet=$(dpkg-checkbuilddeps 2>&1); then
	echo "1..0 # SKIP build dependencies missing: ${unmet#*: } (make deps-deb installs them)"
	exit 0
fi
plan 11

before=$(git status --porcelain 2>/dev/null)
b=$TMP/build
make -s BUILD="$b" INSTALL_DEPS=true deb >"$TMP/deb.log" 2>&1
ok $? "make deb" "$(tail -n 15 "$TMP/deb.log")"
version=$(dpkg-parsechangelog -S Version)
deb=$b/deb/xskns_${version}_$(dpkg --print-architecture).deb
[ -f "$deb" ] && [ ! -e "$b/deb/src" ]
ok $? "the package is $deb, the copy it was built in is gone" "$(ls -la "$b/deb" 2>&1)"
is "$(git status --porcelain 2>/dev/null)" "$before" "the tree is left as it was (git status)"

# missing_files DEB: the files the package must hold that DEB lacks, one a line.
missing_files() {
	local list f
	list=$(dpkg-deb -c "$1" | awk '{ print $6 }' | sed 's|^\./|/|')
	for f in /usr/bin/xskns /usr/share/man/man1/xskns.1.gz /usr/share/man/man5/xskns-scenario.5.gz \
		/usr/share/bash-completion/completions/xskns /usr/share/doc/xskns/copyright \
		/usr/share/xskns/scenarios/colliding-ifindex.scn /usr/share/xskns/schemas/result.schema.json \
		/usr/libexec/xskns/scripts/bisect /usr/libexec/xskns/scripts/matrix \
		/usr/libexec/xskns/scripts/vm /usr/libexec/xskns/scripts/bench /usr/libexec/xskns/scripts/plots \
		/usr/libexec/xskns/scripts/lib/paths.sh /usr/libexec/xskns/vm/run-guest \
		/usr/share/xskns/vm/init /usr/share/xskns/plot/common.gp /usr/share/xskns/src/Makefile; do
		grep -qx -- "$f" <<<"$list" || echo "$f"
	done
	grep '^/usr/local' <<<"$list" | head -n 3
}
is "$(missing_files "$deb")" "" "dpkg-deb -c: the binary, man pages, completion, scenarios, schemas, tooling, copyright, nothing in /usr/local"
depends=$(dpkg-deb -f "$deb" Depends)
for p in libxdp1 libbpf1 libpcap0.8 libseccomp2 iproute2; do
	grep -qE "(^|, )$p( |,|$)" <<<"$depends" || echo "$p"
done >"$TMP/nodep"
recommends=$(dpkg-deb -f "$deb" Recommends)
for p in qemu-system-x86 busybox-static gnuplot-nox jq; do
	grep -qE "(^|, )$p( |,|$)" <<<"$recommends" || echo "$p"
done >>"$TMP/nodep"
is "$(cat "$TMP/nodep")" "" "Depends: the libraries it links (libelf1 comes with libbpf1) and iproute2; Recommends: QEMU, busybox, gnuplot, jq"

# Unpacked anywhere, the package's binary finds its own tooling and scenarios.
dpkg-deb -x "$deb" "$TMP/x"
x=$TMP/x/usr/bin/xskns
(cd / && "$x" vm --help && "$x" bisect --help && "$x" matrix --help) >"$TMP/help" 2>&1
ok $? "unpacked: xskns vm, bisect, matrix --help run the package's tooling" "$(tail -n 3 "$TMP/help")"
like "$(cd / && "$x" run --list 2>&1)" '^colliding-ifindex ' "unpacked: xskns run --list finds the package's scenarios"
is "$("$x" version | sed -n 's/^xskns_version=//p')" "$version" "the binary's version is the package's ($version)"

if command -v lintian >/dev/null; then
	lintian --fail-on error,warning "$deb" >"$TMP/lintian" 2>&1
	ok $? "lintian: no error, no warning" "$(grep -E '^[EW]:' "$TMP/lintian" | head)"
else
	skip "lintian: no error, no warning" "no lintian (make deps-deb installs it)"
fi

# Negative controls: the same package without its copyright file.
dpkg-deb -R "$deb" "$TMP/bad"
rm "$TMP/bad/usr/share/doc/xskns/copyright"
sed -i '/usr\/share\/doc\/xskns\/copyright/d' "$TMP/bad/DEBIAN/md5sums"
dpkg-deb -b "$TMP/bad" "$TMP/bad.deb" >/dev/null 2>&1
is "$(missing_files "$TMP/bad.deb")" "/usr/share/doc/xskns/copyright" \
	"negative control: a package without its copyright file is caught"
if command -v lintian >/dev/null; then
	lintian "$TMP/bad.deb" >"$TMP/lintian-bad" 2>&1
	grep -q '^E: xskns: no-copyright-file' "$TMP/lintian-bad"
	ok $? "negative control: lintian finds that package's error" "$(head -n 5 "$TMP/lintian-bad")"
else
	skip "negative control: lintian finds that package's error" "no lintian"
fi

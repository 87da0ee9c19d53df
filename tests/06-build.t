#!/bin/bash
# The build on a machine being set up: libraries found when a recipe needs them (so
# `make run-scenario` works on its first call, while deps installs them), a clear error
# when they are missing, the user's CFLAGS/LDFLAGS added to the project's, and
# `make help` naming every target.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 11
cd "$TOP" || exit 1

# No library visible to pkg-config: one line naming the fix, exit 2, nothing compiled.
mkdir -p "$TMP/pc-empty"
PKG_CONFIG_LIBDIR=$TMP/pc-empty make -s BUILD="$TMP/none" all >"$TMP/none.log" 2>&1
is "$?" 2 "no libraries: make exits 2"
like "$(cat "$TMP/none.log")" "missing libraries .*run 'make deps'" "no libraries: the error says to run make deps"

# First call on a fresh machine: the libraries appear only when deps runs, in this very
# make. A stand-in deps step makes the system's .pc files visible, as apt-get would.
mkdir -p "$TMP/pc"
cat >"$TMP/fake-deps" <<FAKE
#!/bin/bash
cp /usr/lib/$(uname -m)-linux-gnu/pkgconfig/*.pc /usr/share/pkgconfig/*.pc "$TMP/pc/" 2>/dev/null
exit 0
FAKE
chmod +x "$TMP/fake-deps"
PKG_CONFIG_LIBDIR=$TMP/pc make -s BUILD="$TMP/first" INSTALL_DEPS="$TMP/fake-deps" \
	RESULTS="$TMP/r" DURATION=1 run-scenario >"$TMP/first.ktap" 2>"$TMP/first.log"
status=$?
if [ "$(id -u)" -eq 0 ]; then
	ok "$status" "make run-scenario on its first call, libraries installed by deps: PASS" \
		"$(tail -n 5 "$TMP/first.log")"
else # the build happens, the run needs root (make check)
	skip "make run-scenario on its first call, libraries installed by deps: PASS" "not root"
fi
like "$("$TMP/first/xskns" version)" 'xsk_impl_version=[0-9]' "the first-call build knows its libxdp version"

# The user's flags add to the project's: -O0 alone would drop -std/-I/-D and fail.
make -s BUILD="$TMP/o0" CFLAGS=-O0 EXTRA_CFLAGS=-DXSKNS_TEST_EXTRA=1 "$TMP/o0/xskns" >"$TMP/o0.log" 2>&1
ok $? "make CFLAGS=-O0 builds" "$(tail -n 5 "$TMP/o0.log")"
grep -q -- '-O0 -DXSKNS_TEST_EXTRA=1' "$TMP/o0/build.config"
ok $? "CFLAGS and EXTRA_CFLAGS are in the recorded build configuration" "$(cat "$TMP/o0/build.config")"
make -s BUILD="$TMP/o0" CFLAGS=-O0 LDFLAGS="-Wl,-Map=$TMP/xskns.map" "$TMP/o0/xskns" >"$TMP/ld.log" 2>&1
[ -s "$TMP/xskns.map" ]
ok $? "LDFLAGS reach the link (and a flag change relinks)" "$(tail -n 5 "$TMP/ld.log")"

# make help names every target a user can call (every .PHONY one but the internal FORCE).
help=$(make -s help)
missing=()
for t in $(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' Makefile ./*/*.mk tests/unit/unit.mk |
	sed -n 's/^\.PHONY: *//p' | tr -s ' \t' '\n' | grep -E '^[a-z]' | sort -u); do
	[ "$t" = FORCE ] && continue
	grep -qE "make ([a-z-]+ \| )*$t\b|\| $t\b" <<<"$help" || missing+=("$t")
done
is "${missing[*]}" "" "make help lists every target"
./scripts/install-deps --list all >/dev/null && ./scripts/install-deps bogus 2>"$TMP/bogus.log"
like "$?:$(cat "$TMP/bogus.log")" "^2:.*unknown group 'bogus'" "install-deps: a bad group is named, exit 2"
all_installed() { # every package of install-deps' full list is here
	local p
	for p in $(./scripts/install-deps --list all); do
		# shellcheck disable=SC2016 # ${Status} is dpkg-query's
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || return 1
	done
}
if all_installed; then
	make -s -C "$TOP" deps 2>&1 | tail -n 1 >"$TMP/deps.log"
	like "$(cat "$TMP/deps.log")" "^install-deps: all dependencies present \(all: [0-9]+ packages\)$" \
		"make deps says so when nothing is missing"
	is "$(./scripts/install-deps host 2>&1 | wc -c)" 0 "as a prerequisite of other targets (no --verbose): silent"
else
	skip "make deps says so when nothing is missing" "some packages are missing here"
	skip "as a prerequisite of other targets: silent" "some packages are missing here"
fi

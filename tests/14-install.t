#!/bin/bash
# make install / make uninstall with PREFIX and DESTDIR: the files installed are
# the ones listed, the installed binary finds the installed scenarios from / once
# the tree it was built from is gone (and the tree's when it has no install
# beside it), the man page and the completion work from there, and uninstall
# leaves no file behind. As root, the installed binary also runs a scenario.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 15
cd "$TOP" || exit 1

# A copy of the tree, built there: its binary has that copy compiled in as its tree.
mkdir -p "$TMP/tree"
git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$TMP/tree"
make -s -C "$TMP/tree" -j2 all >"$TMP/build.log" 2>&1
ok $? "the copy builds" "$(tail -n 5 "$TMP/build.log")"

scn=(scenarios/*.scn)
scn_names=$(printf '%s\n' "${scn[@]}" | sed 's|scenarios/||; s|\.scn$||' | tr '\n' ' ')
root=$TMP/root
make -s -C "$TMP/tree" DESTDIR="$root" install >"$TMP/install.log" 2>&1
ok $? "make install DESTDIR=... (PREFIX /usr/local)" "$(tail -n 5 "$TMP/install.log")"

# The file list: exactly these, nothing else.
{
	echo /usr/local/bin/xskns
	echo /usr/local/share/bash-completion/completions/xskns
	echo /usr/local/share/man/man1/xskns.1
	echo /usr/local/share/man/man5/xskns-scenario.5
	for f in "${scn[@]}"; do echo "/usr/local/share/xskns/$f"; done
	for f in results/*.schema.json; do echo "/usr/local/share/xskns/schemas/${f#results/}"; done
} | sort >"$TMP/want"
(cd "$root" && find . -not -type d | sed 's/^\.//' | sort) >"$TMP/got"
diff -u "$TMP/want" "$TMP/got" >"$TMP/list.diff"
ok $? "installed: the binary, ${#scn[@]} scenarios, the schemas, xskns.1, xskns-scenario.5, the completion" \
	"$(cat "$TMP/list.diff")"
[ "$(stat -c %a "$root/usr/local/bin/xskns")" = 755 ] &&
	[ "$(stat -c %a "$root/usr/local/share/man/man1/xskns.1")" = 644 ]
ok $? "modes: 755 for the binary, 644 for the data"

# The tree is gone: the installed binary has only its install to go by.
xskns=$root/usr/local/bin/xskns
mv "$TMP/tree" "$TMP/tree.away"
(cd / && "$xskns" run --help) >"$TMP/help.txt" 2>&1
ok $? "from /: xskns run --help" "$(head -n 5 "$TMP/help.txt")"
list=$(cd / && "$xskns" run --list 2>&1)
names=$(awk '{ print $1 }' <<<"$list" | tr '\n' ' ')
is "$names" "$scn_names" \
	"from /, no tree: run --list lists the installed scenarios"
# The installed folder is the one read: a scenario only it has is listed; with
# the tree back, still the install first.
cp scenarios/colliding-ifindex.scn "$root/usr/local/share/xskns/scenarios/only-installed.scn"
mv "$TMP/tree.away" "$TMP/tree"
like "$(cd / && "$xskns" run --list 2>&1)" '^only-installed ' "with its tree back, the install's scenarios come first"
# Negative control: without the install's scenarios, the tree's (no only-installed).
mv "$root/usr/local/share/xskns/scenarios" "$TMP/scn.away"
list=$(cd / && "$xskns" run --list 2>&1)
! grep -q '^only-installed ' <<<"$list" && grep -q '^colliding-ifindex ' <<<"$list"
ok $? "no installed scenarios: the tree it was built from" "$list"
mv "$TMP/scn.away" "$root/usr/local/share/xskns/scenarios"
rm "$root/usr/local/share/xskns/scenarios/only-installed.scn"

mv "$TMP/tree" "$TMP/tree.away"
if [ "$(id -u)" -eq 0 ]; then
	(cd / && "$xskns" run --check-expect --results "$TMP/r" --duration 1 colliding-ifindex) \
		>"$TMP/run.ktap" 2>"$TMP/run.log"
	ok $? "from /, no tree: the installed binary runs colliding-ifindex as expected" \
		"$(tail -n 5 "$TMP/run.log")"
else
	skip "from /, no tree: the installed binary runs colliding-ifindex" "not root"
fi

LC_ALL=C.UTF-8 MANWIDTH=100 man --warnings -l "$root/usr/local/share/man/man1/xskns.1" \
	2>"$TMP/man.err" | col -b >"$TMP/man.txt"
[ ! -s "$TMP/man.err" ] && grep -q '^XSKNS RUN' "$TMP/man.txt"
ok $? "the installed man page renders" "$(head -n 3 "$TMP/man.err")"
out=$(cd / && PATH=$root/usr/local/bin:$PATH bash -c \
	". $root/usr/local/share/bash-completion/completions/xskns && complete -p xskns &&
	COMP_WORDS=(xskns run coll) COMP_CWORD=2 && _xskns && echo \"\${COMPREPLY[*]}\"" 2>&1)
like "$out" '^colliding-ifindex colliding-multiqueue$' "the installed completion completes installed scenario names"
mv "$TMP/tree.away" "$TMP/tree"

make -s -C "$TMP/tree" DESTDIR="$root" uninstall >"$TMP/uninstall.log" 2>&1
ok $? "make uninstall" "$(tail -n 5 "$TMP/uninstall.log")"
is "$(cd "$root" && find . -not -type d)" "" "uninstall leaves no file"
[ ! -e "$root/usr/local/share/xskns" ]
ok $? "uninstall removes share/xskns"

# PREFIX=/usr (a distribution's layout).
make -s -C "$TMP/tree" DESTDIR="$TMP/usr-root" PREFIX=/usr install >"$TMP/usr.log" 2>&1 &&
	[ -x "$TMP/usr-root/usr/bin/xskns" ] && [ -f "$TMP/usr-root/usr/share/man/man1/xskns.1" ] &&
	[ -f "$TMP/usr-root/usr/share/xskns/scenarios/colliding-ifindex.scn" ] &&
	[ -f "$TMP/usr-root/usr/share/bash-completion/completions/xskns" ]
ok $? "PREFIX=/usr: bin, share/man, share/xskns, share/bash-completion under /usr" "$(tail -n 5 "$TMP/usr.log")"

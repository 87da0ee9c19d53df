#!/bin/bash
# make install / make uninstall with PREFIX and DESTDIR: the files installed are
# the ones listed, the installed binary finds the installed scenarios from / once
# the tree it was built from is gone (and the tree's when it has no install
# beside it), the man page and the completion work from there, and uninstall
# leaves no file behind. As root, the installed binary also runs a scenario.
# The tooling (xskns bisect, matrix, vm, bench, plots) is installed and runs from
# there, finding its data in the install, not in a tree.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 25
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
	for f in bisect bisect-run matrix bench plots aggregate vm impl-build libbpf-tree lib/help.sh lib/paths.sh \
		lib/bisect-tools.sh lib/libxdp-build.sh lib/aggregate.jq; do
		echo "/usr/local/libexec/xskns/scripts/$f"
	done
	for f in run-guest trace-bind.sh mkinitramfs.sh kernel-fetch.sh kernel-build.sh kernel-dbg.sh \
		kallsyms.sh kallsyms-elf.sh modules.sh kconfig-check.sh debian-source.sh; do
		echo "/usr/local/libexec/xskns/vm/$f"
	done
	for f in init gdbinit kernel.config kernel-minimal.config trace-bind.py; do
		echo "/usr/local/share/xskns/vm/$f"
	done
	for f in scripts/plot/*.gp; do echo "/usr/local/share/xskns/plot/${f#scripts/plot/}"; done
	git ls-files Makefile 'harness/*.[ch]' 'bpf/*.[ch]' | sed 's|^|/usr/local/share/xskns/src/|'
} | sort >"$TMP/want"
(cd "$root" && find . -not -type d | sed 's/^\.//' | sort) >"$TMP/got"
diff -u "$TMP/want" "$TMP/got" >"$TMP/list.diff"
ok $? "installed: the binary, ${#scn[@]} scenarios, the schemas, xskns.1, xskns-scenario.5, the completion, the tooling and its data, the harness's sources" \
	"$(cat "$TMP/list.diff")"
[ "$(stat -c %a "$root/usr/local/bin/xskns")" = 755 ] &&
	[ "$(stat -c %a "$root/usr/local/share/man/man1/xskns.1")" = 644 ] &&
	[ "$(stat -c %a "$root/usr/local/libexec/xskns/vm/run-guest")" = 755 ] &&
	[ "$(stat -c %a "$root/usr/local/share/xskns/plot/common.gp")" = 644 ]
ok $? "modes: 755 for the binary and scripts, 644 for the data"

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
# The tooling from /, no tree: each command's help, and what it resolves is the install's.
for cmd in bisect matrix vm bench plots; do
	(cd / && "$xskns" "$cmd" --help) >"$TMP/$cmd.help" 2>&1 && [ -s "$TMP/$cmd.help" ] &&
		! grep -q 'not installed' "$TMP/$cmd.help"
	ok $? "from /, no tree: xskns $cmd --help" "$(head -n 3 "$TMP/$cmd.help")"
done
# What the tooling resolves (scripts/lib/paths.sh): installed, the install's harness, data
# and a cache under XDG_CACHE_HOME, results in the current folder; in the tree, the tree's.
resolve() { # resolve TOP: paths.sh's answers for the tooling at TOP, from $TMP/user
	# shellcheck disable=SC2016 # expanded by the inner shell
	(cd "$TMP/user" && env -u VM_CACHE -u RESULTS -u XSKNS_CMD XDG_CACHE_HOME="$TMP/xdg" bash -c \
		'top=$1; . "$top/scripts/lib/paths.sh"; echo "$xskns_installed $xskns_harness $xskns_scenarios $xskns_vm_data $xskns_cache $xskns_results"' \
		resolve "$1")
}
mkdir -p "$TMP/user"
is "$(resolve "$root/usr/local/libexec/xskns")" \
	"1 $root/usr/local/bin/xskns $root/usr/local/share/xskns/scenarios $root/usr/local/share/xskns/vm $TMP/xdg/xskns $TMP/user/results" \
	"installed: the tooling uses the installed binary and data, XDG_CACHE_HOME/xskns, ./results"
mv "$TMP/tree.away" "$TMP/tree"
is "$(resolve "$TMP/tree")" \
	"0 $TMP/tree/build/xskns $TMP/tree/scenarios $TMP/tree/vm $TMP/tree/vm/cache $TMP/tree/results" \
	"in a tree: the tree's build/xskns, scenarios, vm/, vm/cache and results/"
mv "$TMP/tree" "$TMP/tree.away"
# plots of an empty results folder, from a folder of the user's: ./results is the one read.
mkdir -p "$TMP/user/results"
out=$(cd "$TMP/user" && "$xskns" plots 2>&1)
ok $? "from a user's folder, no tree: xskns plots reads ./results" "$out"
like "$(ls "$TMP/user/results")" 'report.html' "xskns plots wrote ./results/report.html"
# Negative control: an install without its tooling says so, naming the script.
mv "$root/usr/local/libexec/xskns" "$TMP/libexec.away"
out=$(cd / && "$xskns" vm --help 2>&1)
st=$?
[ "$st" -eq 2 ] && [[ $out == *"libexec/xskns/scripts/vm"* ]]
ok $? "negative control: no tooling installed, no tree: xskns vm is an error naming its script" "$st: $out"
mv "$TMP/libexec.away" "$root/usr/local/libexec/xskns"
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
[ ! -e "$root/usr/local/share/xskns" ] && [ ! -e "$root/usr/local/libexec/xskns" ]
ok $? "uninstall removes share/xskns and libexec/xskns"

# PREFIX=/usr (a distribution's layout).
make -s -C "$TMP/tree" DESTDIR="$TMP/usr-root" PREFIX=/usr install >"$TMP/usr.log" 2>&1 &&
	[ -x "$TMP/usr-root/usr/bin/xskns" ] && [ -f "$TMP/usr-root/usr/share/man/man1/xskns.1" ] &&
	[ -f "$TMP/usr-root/usr/share/xskns/scenarios/colliding-ifindex.scn" ] &&
	[ -f "$TMP/usr-root/usr/share/bash-completion/completions/xskns" ]
ok $? "PREFIX=/usr: bin, share/man, share/xskns, share/bash-completion under /usr" "$(tail -n 5 "$TMP/usr.log")"

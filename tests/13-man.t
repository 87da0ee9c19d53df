#!/bin/bash
# The man page xskns(1) is made from the binary's --help (scripts/mkman): the
# built page is the one the binary gives, it renders without a warning, and every
# option of every command is in that command's section. The check can fail: a page
# missing an option is caught, and an option added to --help reaches the page.
# xskns-scenario(5) has an entry for every key the scenario parser accepts.
# Needs neither root nor the network (make check).
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 21
cd "$TOP" || exit 1

make -s BUILD="$BUILD" man >"$TMP/make.log" 2>&1
ok $? "make man builds $BUILD/man/xskns.1" "$(tail -n 5 "$TMP/make.log")"
page=$BUILD/man/xskns.1
scripts/mkman "$XSKNS" | diff -u "$page" - >"$TMP/diff"
ok $? "the built page is the one scripts/mkman makes from this binary" "$(head -n 20 "$TMP/diff")"

groff -ww -man -z "$page" >"$TMP/groff" 2>&1 && [ ! -s "$TMP/groff" ]
ok $? "groff -ww -man -z: no warning" "$(head "$TMP/groff")"
sed 's/^\.SS Options$/.SX Options/' "$page" | groff -ww -man -z >"$TMP/groff-bad" 2>&1
grep -q "warning: macro 'SX' not defined" "$TMP/groff-bad"
ok $? "negative control: a page with an unknown request warns" "$(head "$TMP/groff-bad")"
LC_ALL=C.UTF-8 MANWIDTH=200 man --warnings -l "$page" 2>"$TMP/man.err" | col -b >"$TMP/page.txt"
[ ! -s "$TMP/man.err" ] && [ -s "$TMP/page.txt" ]
ok $? "man --warnings -l renders it with no warning" "$(head "$TMP/man.err")"

# What run --help says of the numbers a newcomer sets first, and the man page with it.
help=$("$XSKNS" run --help)
like "$help" "--duration N +seconds of traffic \(default: the scenario's, else 3\)" "run --help: duration's default"
like "$help" "--rate N +offered load in pps, the total over all pairs and queues \(0: as fast as possible; default: the scenario's, else 0\)" \
	"run --help: rate is the total over all pairs, and its default"
like "$help" "--pairs N +forwarder namespace pairs \(default: the scenario's, else 1\)" "run --help: pairs' default"
is "$(grep -c 'not pinned' <<<"$help")" 3 "run --help: the three CPUs' default (not pinned)"
is "$(grep -- '--fwd-ready-timeout' <<<"$help" | grep -o 'default 20' | wc -l)" 1 \
	"run --help: --fwd-ready-timeout's default said once"

# missing_options XSKNS PAGE: "CMD OPTION" for every option of CMD's --help that is
# not in the section XSKNS CMD of the rendered PAGE.
missing_options() {
	local xskns=$1 text cmd opt
	text=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$2" 2>/dev/null | col -bx)
	for cmd in $("$xskns" --help | awk '/^  [a-z][a-z0-9-]*  +[^ ]/ { print $1 }'); do
		section=$(awk -v h="XSKNS ${cmd^^}" '$0 == h { on = 1; next } /^[A-Z]/ { on = 0 } on' <<<"$text")
		[ -n "$section" ] || { echo "$cmd (no section)"; continue; }
		for opt in $("$xskns" "$cmd" --help | sed -nE 's/^ +(-[a-zA-Z0-9], )?(--[a-z0-9-]+).*/\1 \2/p' | tr -d ,); do
			grep -qE -- "(^|[ ,])$opt([ ,]|$)" <<<"$section" || echo "$cmd $opt"
		done
	done
}
is "$(missing_options "$XSKNS" "$page")" "" "every option of every command is in its section of the page"
n=$("$XSKNS" --help | awk '/^  [a-z][a-z0-9-]*  +[^ ]/' | wc -l)
[ "$n" -ge 6 ] && [ "$(grep -c '^\.SH "XSKNS ' "$page")" -eq "$n" ]
ok $? "one section per command ($n commands)"

# Negative control: a page that lost an option (--umem of run) is caught.
sed '/^\\fB\\-\\-umem\\fR/d' "$page" >"$TMP/broken.1"
like "$(missing_options "$XSKNS" "$TMP/broken.1")" '^run --umem$' "negative control: an option missing from the page is caught"

# The tooling's sections (xskns bisect, matrix, vm, bench, plots) hold their scripts' help
# as it is: a line of xskns vm --help lost from the page is caught.
tooling=$("$XSKNS" --help | awk '/^Tooling/ { on = 1 } on && /^  [a-z][a-z0-9-]*  +[^ ]/ { print $1 }' | tr '\n' ' ')
is "$tooling" "bisect matrix vm bench plots " "the tooling's commands are listed in xskns --help"
sed '/gdb-port PORT/d' "$page" >"$TMP/broken-vm.1"
like "$(missing_options "$XSKNS" "$TMP/broken-vm.1")" '^vm --gdb-port$' \
	"negative control: an option missing from a tooling section is caught"

# An option added to --help reaches the page: a stand-in binary with one more option.
cat >"$TMP/xskns" <<EOF
#!/bin/bash
if [ "\$1 \$2" = "gen --help" ]; then
	"$XSKNS" gen --help | sed 's/^Options:\$/&\n      --new-knob WORD                    a knob [on | off]/'
else
	exec "$XSKNS" "\$@"
fi
EOF
chmod +x "$TMP/xskns"
scripts/mkman "$TMP/xskns" >"$TMP/new.1" 2>"$TMP/new.err"
[ -z "$(missing_options "$TMP/xskns" "$TMP/new.1")" ] && grep -q 'new\\-knob' "$TMP/new.1"
ok $? "a new option in --help is in the page made from it" "$(cat "$TMP/new.err")"
# An option line mkman cannot read fails it, naming the line, rather than leaving it out.
sed 's/new-knob WORD                    a knob \[on | off\]/weird/' "$TMP/xskns" >"$TMP/xskns-weird"
chmod +x "$TMP/xskns-weird"
! scripts/mkman "$TMP/xskns-weird" >/dev/null 2>"$TMP/weird.err" && grep -q "cannot read option line: *--weird" "$TMP/weird.err"
ok $? "an option line it cannot read fails mkman, naming it" "$(cat "$TMP/weird.err")"

# xskns-scenario(5), written by hand: every key the parser accepts (scenario_rows and
# the keys it compares) is described, and its example is a file xskns loads.
spage=docs/xskns-scenario.5
groff -ww -man -z "$spage" >"$TMP/groff5" 2>&1 && [ ! -s "$TMP/groff5" ] &&
	LC_ALL=C.UTF-8 man --warnings -l "$spage" 2>&1 >/dev/null | { ! grep .; }
ok $? "xskns-scenario(5) renders with no warning" "$(head "$TMP/groff5")"
undescribed_keys() { # undescribed_keys PAGE: the parser's keys PAGE has no entry for
	{
		sed -nE 's/.*OPT_DEF\("([a-z-]+)".*/\1/p' harness/run/scenario.c | tr - _
		grep -oE 'strcmp\(key, "[a-z_]+"\)' harness/run/scenario.c | sed -E 's/.*"(.*)".*/\1/'
	} | sort -u | while read -r key; do
		grep -A1 '^\.TP$' "$1" | grep -qx "\.B $key" || echo "$key"
	done
}
keys=$(grep -cE 'OPT_DEF\("|strcmp\(key, "' harness/run/scenario.c)
[ "$keys" -ge 14 ] && [ -z "$(undescribed_keys "$spage")" ]
ok $? "every key the parser accepts ($keys) has an entry" "$(undescribed_keys "$spage")"
sed '/^\.B ring_size$/d' "$spage" >"$TMP/broken.5"
is "$(undescribed_keys "$TMP/broken.5")" "ring_size" "negative control: a key without an entry is caught"
mkdir -p "$TMP/ex"
sed -n '/^\.EX$/,/^\.EE$/p' "$spage" | sed '1d;$d' >"$TMP/ex/example.scn"
like "$("$XSKNS" run --scenarios "$TMP/ex" --list 2>&1)" '^example +expect (PASS|BUG) +both forwarder devices' \
	"the page's example is a scenario xskns loads"

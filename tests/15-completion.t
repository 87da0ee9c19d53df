#!/bin/bash
# The bash completion (scripts/completion.bash, installed as
# share/bash-completion/completions/xskns) reads the binary it completes: its
# commands, each command's options and listed values, the scenario names of its
# scenarios folder. A stand-in binary with one more command and option shows it
# reads them rather than a list of its own.
# Needs neither root nor the network (make check).
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 17
cd "$TOP" || exit 1

shellcheck scripts/completion.bash >"$TMP/sc" 2>&1
ok $? "shellcheck: scripts/completion.bash" "$(head "$TMP/sc")"

# comp WORD...: what _xskns offers for the command line WORD... (the last word being
# completed), one line, in a shell of its own.
comp() {
	bash -c '. scripts/completion.bash && COMP_WORDS=("$@") && COMP_CWORD=$(($# - 1)) &&
		_xskns && echo "${COMPREPLY[*]}"' comp "$@" 2>&1
}

is "$(bash -c '. scripts/completion.bash && complete -p xskns' 2>&1)" "complete -F _xskns xskns" \
	"complete -p xskns: _xskns"
commands=$("$XSKNS" --help | awk '/^  [a-z][a-z0-9-]*  +[^ ]/ { print $1 }' | tr '\n' ' ')
is "$(comp "$XSKNS" '')" "${commands}--help --version" "the commands of xskns --help"
is "$(comp "$XSKNS" r)" "run" "a command's prefix"
out=$(comp "$XSKNS" run --)
like "$out" "(^| )--umem( |$)" "run --: run's options (--umem)"
! grep -qE -- '(^| )--count( |$)' <<<"$out" && grep -qE -- '(^| )--count( |$)' <<<"$(comp "$XSKNS" gen --)"
ok $? "each command its own options: --count is gen's, not run's" "run: $out"
is "$(comp "$XSKNS" run --umem '')" "shared separate" "run --umem: its values"
is "$(comp "$XSKNS" run --forwarder '')" "xsk kernel none cmd:" "run --forwarder: the kinds its help lists (a | b | cmd:...)"
is "$(comp "$XSKNS" run -v --machine g)" "guest" "run --machine g: guest (after another option)"
is "$(comp "$XSKNS" run --duration '')" "" "run --duration: a number, nothing offered"
is "$(comp "$XSKNS" run --all coll)" "colliding-ifindex colliding-multiqueue" "run: scenario names"
mkdir -p "$TMP/scn"
: >"$TMP/scn/mine.scn"
is "$(comp "$XSKNS" run --scenarios "$TMP/scn" '')" "mine" "run --scenarios DIR: that folder's names"

# The tooling: its commands, xskns vm's actions (from its help's "xskns vm ACTION"
# lines), then scenario names and the guest options' values.
like "$(comp "$XSKNS" '')" "bisect matrix vm bench plots" "the tooling's commands are offered"
is "$(comp "$XSKNS" vm '')" "debug kernel run shell trace-bind" "xskns vm: its actions"
is "$(comp "$XSKNS" vm run --accel tcg coll)" "colliding-ifindex colliding-multiqueue" \
	"xskns vm run: scenario names (after an option)"
is "$(comp "$XSKNS" vm debug --accel '')" "auto kvm tcg" "xskns vm debug --accel: its values"

# A binary with a command and an option more: both offered.
cat >"$TMP/xskns" <<EOF
#!/bin/bash
case "\$*" in
--help) "$XSKNS" --help; echo '  frob     a command more' ;;
"gen --help") "$XSKNS" gen --help | sed 's/^Options:\$/&\n      --new-knob WORD                    a knob [on | off]/' ;;
*) exec "$XSKNS" "\$@" ;;
esac
EOF
chmod +x "$TMP/xskns"
[ "$(comp "$TMP/xskns" f)" = "fwd frob" ] && [ "$(comp "$TMP/xskns" gen --new)" = "--new-knob" ] &&
	[ "$(comp "$TMP/xskns" gen --new-knob '')" = "on off" ]
ok $? "a command, an option and its values added to the binary's help are offered" \
	"$(comp "$TMP/xskns" f) / $(comp "$TMP/xskns" gen --new) / $(comp "$TMP/xskns" gen --new-knob '')"

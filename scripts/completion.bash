# shellcheck shell=bash
# Bash completion for xskns, read from the binary being completed so it cannot
# drift from it: the commands from `xskns --help`, each command's options and
# their values ([a | b] lists, or "a (...) | b (...)") from `xskns CMD --help`, scenario names from
# `xskns run --list` (the scenarios folder that binary uses, or --scenarios DIR), and the
# tooling's actions (xskns vm run | debug | ...) from its help's "xskns vm ACTION" lines.
# Installed as PREFIX/share/bash-completion/completions/xskns.

# _xskns_opt_line HELP OPT: the option table line of OPT (-x or --long).
_xskns_opt_line() {
	awk -v opt="$2" '/^ +-/ { short = $1 ~ /,$/ ? substr($1, 1, length($1) - 1) : ""
		long = short == "" ? $1 : $2
		if (opt == short || opt == long) { print; found = 1; exit } }
		END { exit !found }' <<<"$1"
}

_xskns() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev='' xskns=${COMP_WORDS[0]} cmd='' i w help line
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()
	# The command: the first word after the program that is not an option.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case "$w" in -*) ;; *) cmd=$w && break ;; esac
	done
	if [ -z "$cmd" ]; then
		mapfile -t COMPREPLY < <(compgen -W "$("$xskns" --help 2>/dev/null |
			awk '/^  [a-z][a-z0-9-]*  +[^ ]/ { print $1 }') --help --version" -- "$cur")
		return 0
	fi
	help=$("$xskns" "$cmd" --help 2>/dev/null) || return 0

	# The value of an option that takes one: its listed words, else a file or folder.
	case "$prev" in
	-*)
		local takes_value='^ +(-[a-zA-Z0-9], )?--[a-z0-9-]+ ([A-Z][A-Z0-9:_.-]*)'
		local listed='\[([^]]*[|][^]]*)\][^[]*$'
		if line=$(_xskns_opt_line "$help" "$prev") && [[ "$line" =~ $takes_value ]]; then
			local metavar=${BASH_REMATCH[2]} values=''
			if [[ "$line" =~ $listed ]]; then
				values=${BASH_REMATCH[1]%%, default*}
				values=${values//|/ }
			elif [[ "$line" == *" | "* ]]; then
				# "a (what a is) | b (what b is) | c:'ARG' ...": the leading word of each
				values=$(sed -E 's/^ +[^ ].*[^ ]  +//; s/ \| /\n/g' <<<"$line" |
					sed -nE "s/^([a-z][a-z0-9_-]*:?).*/\1/p")
			fi
			if [ -n "$values" ]; then
				mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
			elif [ "$metavar" = DIR ]; then
				mapfile -t COMPREPLY < <(compgen -d -- "$cur")
			elif [ "$metavar" = FILE ]; then
				mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			fi
			return 0
		fi
		;;
	esac

	if [[ "$cur" == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$(sed -nE 's/^ +(-[a-zA-Z0-9], )?(--[a-z0-9-]+).*/\1 \2/p' \
			<<<"$help" | tr -d ,)" -- "$cur")
		return 0
	fi
	# A tooling command's actions: the words of its help's "  xskns CMD ACTION" lines
	# (xskns vm run, xskns vm debug, ...), until one is given.
	local actions
	actions=$(sed -nE "s/^  xskns $cmd ([a-z][a-z-]*)( .*)?$/\1/p" <<<"$help" | sort -u)
	if [ -n "$actions" ]; then
		local given=''
		for ((i = 1; i < COMP_CWORD; i++)); do
			grep -qx -- "${COMP_WORDS[i]}" <<<"$actions" && given=${COMP_WORDS[i]}
		done
		if [ -z "$given" ]; then
			mapfile -t COMPREPLY < <(compgen -W "$actions" -- "$cur")
			return 0
		fi
		[ "$given" = kernel ] || [ "$given" = shell ] || cmd=run
	fi
	if [ "$cmd" = run ]; then
		# The scenarios the run would find: those of --scenarios DIR when given.
		local args=(run --list)
		for ((i = 1; i < COMP_CWORD - 1; i++)); do
			[ "${COMP_WORDS[i]}" = --scenarios ] && args+=(--scenarios "${COMP_WORDS[i + 1]}")
		done
		mapfile -t COMPREPLY < <(compgen -W "$("$xskns" "${args[@]}" 2>/dev/null |
			awk '{ print $1 }')" -- "$cur")
		# A scenario file's path works too.
		[[ "$cur" == */* ]] && mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
	fi
	return 0
}
complete -F _xskns xskns

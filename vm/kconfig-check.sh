#!/bin/bash
# Check that every option of one or more config fragments survived into a final .config.
#   vm/kconfig-check.sh FRAGMENT... CONFIG
# A fragment line is `CONFIG_X=value` or `# CONFIG_X is not set`; the latter is satisfied
# by the same comment or by the option being absent. Prints one line per option that did
# not survive (requested value, then what the final config has) and exits 1 if any.
set -euo pipefail

if [[ $# -lt 2 ]]; then
	echo "usage: $0 FRAGMENT... CONFIG" >&2
	exit 2
fi
config=${*: -1}
fragments=("${@:1:$#-1}")

# final value of one option: its `=value`, "n" when commented out or absent
final_value() {
	local line
	line=$(grep -E "^(# )?$1[= ]" "$config" | tail -n 1 || true)
	case $line in
	"$1="*) printf '%s\n' "${line#"$1="}" ;;
	*) printf 'n\n' ;;
	esac
}

checked=0
missing=0
for fragment in "${fragments[@]}"; do
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			opt=${line%%=*}
			want=${line#*=}
			;;
		"# CONFIG_"*" is not set")
			opt=${line#"# "}
			opt=${opt%" is not set"}
			want=n
			;;
		*) continue ;;
		esac
		checked=$((checked + 1))
		have=$(final_value "$opt")
		if [[ $have != "$want" ]]; then
			echo "kconfig-check: $opt: fragment wants $want, final config has $have (${fragment##*/})" >&2
			missing=$((missing + 1))
		fi
	done <"$fragment"
done

if [[ $missing -gt 0 ]]; then
	echo "kconfig-check: $missing of $checked fragment options did not survive" >&2
	exit 1
fi
echo "kconfig-check: all $checked fragment options survived"

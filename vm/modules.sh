#!/bin/bash
# Resolve kernel modules to load, dependencies first, from a kernel's own modules tree.
#   vm/modules.sh MODDIR NAME...      (MODDIR is lib/modules/<release>)
# Prints one path per line, relative to MODDIR, in load order, each module once.
# A name found in modules.builtin is skipped (built in); a name found nowhere is an error.
set -euo pipefail

if [[ $# -lt 1 ]]; then
	echo "usage: $0 MODDIR NAME..." >&2
	exit 2
fi
moddir=$1
shift
if [[ ! -f $moddir/modules.dep ]]; then
	echo "modules: $moddir/modules.dep missing" >&2
	exit 2
fi

# module name of a path, into $name: basename without .ko[.xz|.zst|.gz], '-' and '_'
# are the same (no subshell: modules.dep has thousands of lines)
modname() {
	name=${1##*/}
	name=${name%%.ko*}
	name=${name//-/_}
}

declare -A path_of deps_of builtin seen
while IFS= read -r line; do
	path=${line%%:*}
	modname "$path"
	path_of[$name]=$path
	deps_of[$name]=${line#*:}
done <"$moddir/modules.dep"
if [[ -f $moddir/modules.builtin ]]; then
	while IFS= read -r path; do
		modname "$path"
		builtin[$name]=1
	done <"$moddir/modules.builtin"
fi

visit() {
	local name dep
	modname "$1"
	[[ -n ${seen[$name]:-} ]] && return 0
	seen[$name]=1
	if [[ -z ${path_of[$name]:-} ]]; then
		[[ -n ${builtin[$name]:-} ]] && return 0
		echo "modules: $name is neither a module nor built in for $moddir" >&2
		return 1
	fi
	for dep in ${deps_of[$name]}; do
		visit "$dep"
	done
	printf '%s\n' "${path_of[$name]}"
}

for m in "$@"; do
	visit "$m"
done

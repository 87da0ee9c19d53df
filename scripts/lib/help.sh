# shellcheck shell=bash
# The --help of every script is its header comment: the comment block after the
# #! line, up to the first line that is not a comment, without the leading "# "
# and without shellcheck directives. Written once, so no script prints a line
# range of itself that drifts as the header grows.

# header_help FILE: print FILE's header comment.
header_help() {
	awk 'NR == 1 { next } !/^#/ { exit } /^# shellcheck / { next } { sub(/^# ?/, ""); print }' "$1"
}

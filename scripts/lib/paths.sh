# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # top is the sourcing script's; the variables are its to read
# Where the tooling finds the harness, its data, its cache and the results, the same
# way in a checkout and installed. Sourced with $top set to the folder that holds
# scripts/ and vm/: the source tree, or PREFIX/libexec/xskns once installed
# (make install), where the data is in PREFIX/share/xskns and the binary in PREFIX/bin.
#   xskns_installed   1 installed, 0 a checkout
#   xskns_harness     the xskns binary: the one that ran this script (`xskns bisect`
#                     sets XSKNS_CMD), else PREFIX/bin/xskns or the tree's build/xskns
#   xskns_share       scenarios/ and schemas/: PREFIX/share/xskns or the tree
#   xskns_vm_data     the guest's files (init, kernel config fragments, gdb scripts):
#                     PREFIX/share/xskns/vm or the tree's vm/
#   xskns_plot_data   the gnuplot scripts: PREFIX/share/xskns/plot or scripts/plot
#   xskns_cache       kernels and initramfs images: VM_CACHE, else
#                     ${XDG_CACHE_HOME:-~/.cache}/xskns installed, the tree's vm/cache
#   xskns_work        scratch builds (bisect steps): the tree's build/, or the cache's
#   xskns_results     the default results folder: RESULTS, else ./results when run as
#                     `xskns CMD` or installed, the tree's results/ for its scripts

if [[ -f $top/Makefile && -d $top/harness ]]; then
	xskns_installed=0
	xskns_share=$top
	xskns_vm_data=$top/vm
	xskns_plot_data=$top/scripts/plot
	xskns_harness=$top/build/xskns
	xskns_cache=${VM_CACHE:-$top/vm/cache}
	xskns_work=$top/build
else
	xskns_installed=1
	xskns_prefix=$(cd "$top/../.." && pwd)
	xskns_share=$xskns_prefix/share/xskns
	xskns_vm_data=$xskns_share/vm
	xskns_plot_data=$xskns_share/plot
	xskns_harness=$xskns_prefix/bin/xskns
	xskns_cache=${VM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/xskns}
	xskns_work=$xskns_cache/work
fi
if [[ -n ${XSKNS_CMD:-} ]]; then
	xskns_harness=$XSKNS_CMD
fi
if [[ -n ${XSKNS_CMD:-} || $xskns_installed -eq 1 ]]; then
	xskns_results=${RESULTS:-$PWD/results}
else
	xskns_results=${RESULTS:-$top/results}
fi
xskns_scenarios=$xskns_share/scenarios
export VM_CACHE=$xskns_cache

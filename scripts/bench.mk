# Benchmarks and plots (included by the top Makefile).
#   make bench [BENCH_QUICK=1] [BENCH_REPS=5] [BENCH_DURATION=5] [CPU_GEN=1 CPU_FWD=0 CPU_SINK=0]
#              [FORWARDERS="shared separate kernel cmd:'COMMAND'"]
#   make plots                 every plot and results/report.html from $(RESULTS)
# The knobs reach scripts/bench through the environment; empty means its default.
#h Benchmarks and plots:
#h   make bench              forwarders side by side, medians of 5 runs (BENCH_QUICK=1: 2 minutes);
#h                           FORWARDERS="shared kernel cmd:'PROG {port0} {port1}'" adds any program
#h   make plots              PNG/SVG of every run and bench in results/, results/report.html
export BENCH_QUICK BENCH_REPS BENCH_DURATION CPU_GEN CPU_FWD CPU_SINK FORWARDERS BENCH_CMD_NETNS

bench: deps-host
	@$(MAKE) --no-print-directory all
	@scripts/bench --results $(RESULTS) --xskns $(BUILD)/xskns
	@scripts/plots --results $(RESULTS)

plots:
	@scripts/plots --results $(RESULTS)

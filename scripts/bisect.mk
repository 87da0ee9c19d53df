# Bisect jobs (included by the top Makefile); see docs/bisect.md.
#   make bisect SRC=TREE SCENARIO=NAME GOOD=REV BAD=REV        the commit that broke it
#   make bisect SRC=TREE SCENARIO=NAME BROKEN=REV FIXED=REV    the commit that fixed it
#   make bisect IMAGES=LIST SCENARIO=NAME                      prebuilt kernels, oldest first:
#               a list file, or the kernels: IMAGES="debian:bullseye debian:bookworm ..."
# Every step:   KIND=auto|kernel|selftests|libxdp|libbpf DURATION=s EMULATE_NO_NETNS_COOKIE=1 VM=1
#               KERNEL=bzImage (guest for VM=1) ACCEL=auto|kvm|tcg (guests) STEP_TIMEOUT=s
#               KCONFIG_BASE=minimal|defconfig (kernel trees' base config, vm/vm.mk)
# Throughput:   METRIC=fwd.cpu_ns_per_frame|fwd.tx_pps [REFERENCE=n] [FRACTION=0.8] [RUNS=3]
#               [MAX_SPREAD=0.2] (without REFERENCE the good end runs beside every step)
#               CPU_GEN= CPU_FWD= CPU_SINK= pin the tools (steadier figures)
# Also:         BISECT_ID=name (results/bisect-NAME/), NO_CHECK_ENDS=1
#h Bisect (docs/bisect.md):
#h   make bisect             SRC=tree SCENARIO=name GOOD=rev BAD=rev (or BROKEN/FIXED, or
#h                           IMAGES=list file or "debian:bullseye debian:bookworm ...")
.PHONY: bisect

BISECT_ARGS = $(if $(SRC),--src $(SRC)) $(if $(GOOD),--good $(GOOD)) $(if $(BAD),--bad $(BAD)) \
	$(if $(BROKEN),--broken $(BROKEN)) $(if $(FIXED),--fixed $(FIXED)) \
	$(if $(IMAGES),--images '$(IMAGES)') --scenario $(SCENARIO) --results $(RESULTS) \
	$(if $(KIND),--kind $(KIND)) $(if $(DURATION),--duration $(DURATION)) \
	$(if $(filter 1,$(EMULATE_NO_NETNS_COOKIE)),--emulate-no-netns-cookie) \
	$(if $(filter 1,$(VM)),--vm) $(if $(KERNEL),--kernel $(KERNEL)) $(if $(ACCEL),--accel '$(ACCEL)') \
	$(if $(STEP_TIMEOUT),--step-timeout $(STEP_TIMEOUT)) \
	$(if $(CPU_GEN),--cpu-gen $(CPU_GEN)) $(if $(CPU_FWD),--cpu-fwd $(CPU_FWD)) $(if $(CPU_SINK),--cpu-sink $(CPU_SINK)) \
	$(if $(METRIC),--metric $(METRIC)) $(if $(REFERENCE),--reference $(REFERENCE)) \
	$(if $(FRACTION),--fraction $(FRACTION)) $(if $(RUNS),--runs $(RUNS)) $(if $(MAX_SPREAD),--max-spread $(MAX_SPREAD)) \
	$(if $(BISECT_ID),--id $(BISECT_ID)) $(if $(filter 1,$(NO_CHECK_ENDS)),--no-check-ends)

bisect: deps-bisect
	@scripts/bisect $(BISECT_ARGS)

# Unit tests: tests/unit/test_NAME.c -> $(BUILD)/tests/test_NAME, a TAP binary.
# Each links the object of harness/LAYER/NAME.c when there is one, plus the objects
# listed in UNIT_EXTRA_NAME (harness basenames), e.g.
#   UNIT_EXTRA_opts := log
# Adding a test is adding the file (and that line when it needs more objects).
# `make unit-tests-asan` builds the same in $(ASAN_BUILD) with ASan and UBSan.

#h   make unit-tests-asan    the same under ASan/UBSan in build/asan
ASAN_BUILD ?= build/asan
SANITIZE   ?=

UNIT_NAMES := $(patsubst tests/unit/test_%.c,%,$(wildcard tests/unit/test_*.c))
UNIT_BINS  := $(patsubst %,$(BUILD)/tests/test_%,$(UNIT_NAMES))

unit_objs = $(if $(wildcard $(LAYERS:%=harness/%/$(1).c)),$(BUILD)/$(1).o) \
	    $(patsubst %,$(BUILD)/%.o,$(UNIT_EXTRA_$(1)))

.PHONY: unit-tests unit-tests-asan
unit-tests: $(UNIT_BINS)

unit-tests-asan:
	$(MAKE) BUILD=$(ASAN_BUILD) \
		SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		unit-tests

.SECONDEXPANSION:
$(BUILD)/tests/test_%: tests/unit/test_%.c tests/unit/tap.h tests/unit/sock_fixture.h $$(call unit_objs,$$*) $(XSK_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(filter %.o,$^) $(XSKNS_LDLIBS) $(LDLIBS)
# opts prints --version: that needs the version and the AF_XDP implementation.
UNIT_EXTRA_opts     := version xsk_impl
UNIT_EXTRA_scenario := opts check expect ktap version xsk_impl
UNIT_EXTRA_expect   := check ktap
UNIT_EXTRA_ledger   := check
UNIT_EXTRA_judge    := check ledger
UNIT_EXTRA_pass_reason := ledger check
UNIT_EXTRA_frame_match := pkt
UNIT_EXTRA_umem_judge := umem_ledger check report json

# The UMEM ledger's CPU cost per forwarded frame (README, "The UMEM ownership ledger").
#h   make bench-ledger       the UMEM ledger's CPU time per forwarded frame, on and off
.PHONY: bench-ledger
bench-ledger: $(BUILD)/tests/bench_umem_ledger
	$<
$(BUILD)/tests/bench_umem_ledger: tests/unit/bench_umem_ledger.c $(BUILD)/umem_ledger.o
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(BUILD)/umem_ledger.o
UNIT_EXTRA_run_record := cgroup

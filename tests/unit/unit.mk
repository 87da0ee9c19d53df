# Unit tests: tests/unit/test_NAME.c -> $(BUILD)/tests/test_NAME, a TAP binary.
# Each links the object of harness/NAME.c when there is one, plus the objects
# listed in UNIT_EXTRA_NAME (harness basenames), e.g.
#   UNIT_EXTRA_opts := log
# Adding a test is adding the file (and that line when it needs more objects).
# `make unit-tests-asan` builds the same in $(ASAN_BUILD) with ASan and UBSan.

#h   make unit-tests-asan    the same under ASan/UBSan in build/asan
ASAN_BUILD ?= build/asan
SANITIZE   ?=

UNIT_NAMES := $(patsubst tests/unit/test_%.c,%,$(wildcard tests/unit/test_*.c))
UNIT_BINS  := $(patsubst %,$(BUILD)/tests/test_%,$(UNIT_NAMES))

unit_objs = $(if $(wildcard harness/$(1).c),$(BUILD)/$(1).o) \
	    $(patsubst %,$(BUILD)/%.o,$(UNIT_EXTRA_$(1)))

.PHONY: unit-tests unit-tests-asan
unit-tests: $(UNIT_BINS)

unit-tests-asan:
	$(MAKE) BUILD=$(ASAN_BUILD) \
		SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		unit-tests

.SECONDEXPANSION:
$(BUILD)/tests/test_%: tests/unit/test_%.c tests/unit/tap.h $$(call unit_objs,$$*) $(XSK_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(filter %.o,$^) $(XSKNS_LDLIBS) $(LDLIBS)
# opts prints --version: that needs the version and the AF_XDP implementation.
UNIT_EXTRA_opts     := version xsk_impl
UNIT_EXTRA_scenario := opts check expect ktap version xsk_impl
UNIT_EXTRA_expect   := check ktap
UNIT_EXTRA_run_record := cgroup

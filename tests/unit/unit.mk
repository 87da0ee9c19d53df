# Unit tests: tests/unit/test_NAME.c -> $(BUILD)/tests/test_NAME, a TAP binary.
# Each links the object of harness/NAME.c when there is one, plus the objects
# listed in UNIT_EXTRA_NAME (harness basenames), e.g.
#   UNIT_EXTRA_opts := log
# Adding a test is adding the file (and that line when it needs more objects).
# `make unit-tests-asan` builds the same in $(ASAN_BUILD) with ASan and UBSan.

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
$(BUILD)/tests/test_%: tests/unit/test_%.c tests/unit/tap.h $$(call unit_objs,$$*)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(filter %.o,$^) $(XSKNS_LDLIBS) $(LDLIBS)
UNIT_EXTRA_scenario := opts check

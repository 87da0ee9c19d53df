# Fuzz targets (libFuzzer): the parsers of everything a user or the wire hands us.
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="scenario expect pcap pkt"]
# Each target is built with clang, ASan and UBSan in build/fuzz and runs for
# FUZZ_SECONDS from its seed corpus (tests/fuzz/corpus/NAME, copied: the
# repository is never written). A crash, leak or sanitizer report fails it and
# leaves the input in build/fuzz/crashes/NAME/.
#h   make fuzz               every parser under libFuzzer, FUZZ_SECONDS each (default 60)

FUZZ_BUILD    ?= build/fuzz
FUZZ_SECONDS  ?= 60
FUZZ_TARGETS  ?= scenario expect pcap pkt
FUZZ_SANITIZE := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
		 -fno-sanitize-recover=all

# harness objects each target links (basenames)
FUZZ_OBJS_scenario := scenario opts check expect ktap version xsk_impl
FUZZ_OBJS_expect   := expect check ktap
FUZZ_OBJS_pcap     := pcapio
FUZZ_OBJS_pkt      := pkt

.PHONY: fuzz fuzz-build
fuzz-build:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang SANITIZE="$(FUZZ_SANITIZE)" \
		$(patsubst %,$(FUZZ_BUILD)/fuzz_%,$(FUZZ_TARGETS))

fuzz: fuzz-build
	@tests/fuzz/run $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz_objs = $(patsubst %,$(BUILD)/%.o,$(FUZZ_OBJS_$(1)))

.SECONDEXPANSION:
$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_input.h $$(call fuzz_objs,$$*)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Itests/fuzz $(ALL_LDFLAGS) -o $@ $< \
		$(filter %.o,$^) $(XSKNS_LDLIBS) $(LDLIBS)

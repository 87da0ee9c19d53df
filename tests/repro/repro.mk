# The completion-anomaly reproducer (docs/completion-anomaly.md): one C file,
# raw AF_XDP and bpf() syscalls only, so it builds without libxdp or libbpf.

#h   make repro              build $(BUILD)/xsk_comp_anomaly, the completion-anomaly reproducer
REPRO_BIN := $(BUILD)/xsk_comp_anomaly
C_SOURCES += $(wildcard tests/repro/*.c)

.PHONY: repro
repro: $(REPRO_BIN)

$(REPRO_BIN): tests/repro/xsk_comp_anomaly.c tests/repro/repro.mk
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -Wall -Wextra -Werror $(CFLAGS) $(EXTRA_CFLAGS) $(LDFLAGS) $(EXTRA_LDFLAGS) \
		-o $@ $< -lpthread

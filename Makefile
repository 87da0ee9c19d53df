# xskns: AF_XDP across network namespaces -- reproduction harness and benchmark.
# `make help` lists the entry points.

BUILD    ?= build
SCENARIO ?= colliding-ifindex
RESULTS  ?= $(CURDIR)/results

CC      ?= cc
CLANG   ?= clang
BPFTOOL ?= bpftool
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE -Iharness -I$(BUILD)
LDLIBS  += -lpthread -lm

# Which AF_XDP implementation the harness is built against:
#   default                  Debian's libxdp (pkg-config)
#   LIBXDP_DIR=xdp-tools     a libxdp build tree (headers/ and lib/libxdp/), found through rpath
#   XSK_SELFTESTS_KSRC=linux the kernel selftests' tools/testing/selftests/bpf/xsk.c
ifneq ($(XSK_SELFTESTS_KSRC),)
XSK_IMPL    := selftests-xsk
XSK_SRC_DIR := $(XSK_SELFTESTS_KSRC)/tools/testing/selftests/bpf
CFLAGS      += -DXSKNS_XSK_SELFTESTS -I$(XSK_SRC_DIR)
XSK_OBJS    := $(BUILD)/selftests_xsk.o
XSK_VERSION := linux-$(shell sed -n 's/^VERSION = //p;s/^PATCHLEVEL = /./p;s/^SUBLEVEL = /./p' $(XSK_SELFTESTS_KSRC)/Makefile | tr -d '\n')
LIBS_PKG    := libbpf libelf libpcap libseccomp
else ifneq ($(LIBXDP_DIR),)
XSK_IMPL    := libxdp-tree
CFLAGS      += -I$(LIBXDP_DIR)/headers
LDLIBS      += -L$(LIBXDP_DIR)/lib/libxdp -Wl,-rpath,$(abspath $(LIBXDP_DIR)/lib/libxdp) -lxdp
XSK_VERSION := $(shell sed -n 's/^TOOLS_VERSION := *"*\([^"]*\)"*/\1/p' $(LIBXDP_DIR)/version.mk 2>/dev/null)
LIBS_PKG    := libbpf libelf libpcap libseccomp
else
XSK_IMPL    := libxdp
XSK_VERSION := $(shell pkg-config --modversion libxdp 2>/dev/null)
LIBS_PKG    := libxdp libbpf libelf libpcap libseccomp
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(LIBS_PKG) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(LIBS_PKG) 2>/dev/null)
CFLAGS     += $(PKG_CFLAGS) -DXSKNS_XSK_IMPL='"$(XSK_IMPL)"' -DXSKNS_XSK_IMPL_VERSION='"$(XSK_VERSION)"'
LDLIBS     += $(PKG_LIBS) -ldl

HARNESS_SRCS := $(wildcard harness/*.c)
HARNESS_OBJS := $(patsubst harness/%.c,$(BUILD)/%.o,$(HARNESS_SRCS))
LIB_OBJS     := $(filter-out $(BUILD)/main.o,$(HARNESS_OBJS))
BPF_SRCS     := $(wildcard bpf/*.bpf.c)
BPF_SKELS    := $(patsubst bpf/%.bpf.c,$(BUILD)/%.skel.h,$(BPF_SRCS))

.SECONDARY:
.PHONY: all deps run-scenario test unit-tests bench plots help clean format lint
all: $(BUILD)/xskns

help:
	@echo "make                      build $(BUILD)/xskns (AF_XDP impl: $(XSK_IMPL))"
	@echo "make deps                 install the Debian packages this needs (root)"
	@echo "make run-scenario [SCENARIO=$(SCENARIO)] [VM=1] [DURATION=s RATE=pps QUEUES=n PKT_SIZE=b]"
	@echo "make test                 unit and end-to-end tests (root)"
	@echo "make bench | plots        benchmarks, gnuplot plots of results/"
	@echo "make vm-kernel | vm-shell | debug | trace-bind | bisect   see README.md"

deps:
	@scripts/install-deps

$(BUILD):
	@mkdir -p $@

# BPF objects are embedded in the binary as skeletons: nothing to find at run time.
$(BUILD)/%.bpf.o: bpf/%.bpf.c bpf/*.h | $(BUILD)
	$(CLANG) -O2 -g -target bpf -I/usr/include/$(shell uname -m)-linux-gnu -Ibpf -c $< -o $@

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(BPFTOOL) gen skeleton $< > $@

$(BUILD)/%.o: harness/%.c harness/*.h $(BPF_SKELS) | $(BUILD)
	$(CC) $(CFLAGS) -c $< -o $@

# The selftests helper needs its kernel tree's private headers; only this object sees them.
$(BUILD)/selftests_xsk.o: $(XSK_SRC_DIR)/xsk.c | $(BUILD)
	$(CC) -O2 -g -w -D_GNU_SOURCE -I$(XSK_SRC_DIR) -I$(XSK_SELFTESTS_KSRC)/tools/include \
		-I$(XSK_SELFTESTS_KSRC)/tools/arch/x86/include -I$(XSK_SELFTESTS_KSRC)/tools/lib \
		$(PKG_CFLAGS) -c $< -o $@

$(BUILD)/xskns: $(HARNESS_OBJS) $(XSK_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

run-scenario: deps all
	@scripts/run-scenario

test: deps all
	@tests/run-all

C_SOURCES     = $(wildcard harness/*.[ch] bpf/*.[ch] tests/unit/*.[ch])
SHELL_SCRIPTS = $(shell git ls-files scripts vm tests .ci | xargs grep -lE '^\#!/bin/(ba)?sh' 2>/dev/null)

format:
	clang-format -i $(C_SOURCES)

# What tests/05-style.t checks: shellcheck, clang-format, no compiler warnings.
lint:
	shellcheck $(SHELL_SCRIPTS)
	clang-format --dry-run -Werror $(C_SOURCES)

clean:
	rm -rf $(BUILD)

-include tests/unit/unit.mk
-include vm/vm.mk
-include scripts/bench.mk
-include scripts/bisect.mk

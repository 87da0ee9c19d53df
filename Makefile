# xskns: AF_XDP across network namespaces -- reproduction harness and benchmark.
# `make help` lists the entry points.

BUILD    ?= build
SCENARIO ?= colliding-ifindex
RESULTS  ?= $(CURDIR)/results
# An empty folder would put the build's files in / and the runs nowhere: refused first.
ifeq ($(strip $(BUILD)),)
$(error BUILD is empty: give a folder (the default is build))
endif
ifeq ($(strip $(RESULTS)),)
$(error RESULTS is empty: give a folder (the default is results))
endif

CC      ?= cc
CLANG   ?= clang
BPFTOOL ?= bpftool
# CFLAGS, LDFLAGS and EXTRA_CFLAGS are the user's: they add to the project's
# flags below and never replace them (`make CFLAGS=-O0` still builds).
CFLAGS  ?= -O2 -g
# The harness in layers, lowest first (harness/README.md): a layer's sources see the
# headers of their own layer and of those below, never above (make check-layers).
LAYERS := base xsk judge tools run
XSKNS_CFLAGS  = -std=gnu11 -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE \
		$(LAYERS:%=-Iharness/%) -Ibpf -I$(BUILD) \
		-MMD -MP $(SANITIZE)
XSKNS_LDLIBS  = -lpthread -lm -ldl
# The tree the binary was built from: where it finds scenarios/ wherever it is run.
XSKNS_CFLAGS += -DXSKNS_TREE='"$(CURDIR)"'

# Which AF_XDP implementation the harness is built against:
#   default                  Debian's libxdp (pkg-config)
#   LIBXDP_DIR=xdp-tools     a libxdp build tree (headers/ and lib/libxdp/), found through rpath
#   XSK_SELFTESTS_KSRC=linux the kernel selftests' tools/testing/selftests/bpf/xsk.c
#   LIBBPF_DIR=libbpf        libbpf's own src/xsk.c (a libbpf tree, v0.2 to v0.8.x)
# Everything that depends on installed packages is expanded when a recipe needs
# it, not when the Makefile is read: `make deps` may install them in this very
# run (`make run-scenario` on a fresh machine).
ifneq ($(LIBBPF_DIR),)
ifneq ($(XSK_SELFTESTS_KSRC)$(LIBXDP_DIR),)
$(error LIBBPF_DIR=$(LIBBPF_DIR) with another implementation (XSK_SELFTESTS_KSRC, LIBXDP_DIR): choose one)
endif
endif
ifneq ($(XSK_SELFTESTS_KSRC),)
XSK_IMPL     := selftests-xsk
XSK_IMPL_DIR := $(abspath $(XSK_SELFTESTS_KSRC))
XSK_SRC_DIR  := $(XSK_SELFTESTS_KSRC)/tools/testing/selftests/bpf
XSKNS_CFLAGS += -DXSKNS_XSK_SELFTESTS -I$(XSK_SRC_DIR)
XSK_OBJS     := $(BUILD)/selftests_xsk.o
XSK_VERSION   = linux-$(shell sed -n 's/^VERSION = //p;s/^PATCHLEVEL = /./p;s/^SUBLEVEL = /./p' $(XSK_SELFTESTS_KSRC)/Makefile | tr -d '\n')
LIBS_PKG     := libbpf libelf libpcap libseccomp
else ifneq ($(LIBBPF_DIR),)
# Two libbpfs in one binary: the harness's own BPF loading (skeletons, maps) uses the
# system libbpf 1.x; the AF_XDP calls are the tree's src/xsk.c. The tree's xsk.o is
# linked (ld -r) with the members of the tree's own libbpf.a it needs, built out of
# the tree, and objcopy then makes every symbol of that object local except xsk_*:
# the old bpf_*/libbpf_* code serves xsk.c alone and never meets the system's (which
# has no xsk_* since 1.0). The harness passes XSK_LIBBPF_FLAGS__INHIBIT_PROG_LOAD, so
# the tree's program loading is never run. Its headers: xsk_api.h includes the tree's
# xsk.h after the system's libbpf.h (-idirafter: no tree header shadows a system one).
ifeq ($(wildcard $(LIBBPF_DIR)/src/xsk.c),)
$(error LIBBPF_DIR=$(LIBBPF_DIR): no src/xsk.c there (libbpf v0.2 to v0.8.x have it))
endif
XSK_IMPL     := libbpf
XSK_IMPL_DIR := $(abspath $(LIBBPF_DIR))
XSKNS_CFLAGS += -DXSKNS_XSK_LIBBPF -idirafter $(XSK_IMPL_DIR)/src \
		-DXSKNS_XSK_IMPL_SOURCE='"$(XSK_IMPL_DIR)/src/xsk.c"'
XSK_OBJS     := $(BUILD)/libbpf_xsk.o
# The version libbpf gives itself: src/Makefile's numbers (v0.8 on), else the newest
# version in src/libbpf.map.
XSK_VERSION   = $(shell cd $(LIBBPF_DIR)/src && v=$$(sed -n 's/^LIBBPF_\(MAJOR\|MINOR\|PATCH\)_VERSION := *\([0-9][0-9]*\)$$/\2/p' Makefile | paste -sd.) && \
		{ [ -n "$$v" ] || v=$$(grep -oE '^LIBBPF_[0-9.]+' libbpf.map | sort -rV | head -n1 | cut -d_ -f2); } && echo "$$v")
LIBS_PKG     := libbpf libelf zlib libpcap libseccomp
OBJCOPY      ?= objcopy
# v0.2's xsk.h has no xsk_ring_cons__cancel() yet (dd2369d, in v0.3): xsk_api.h adds it.
ifeq ($(shell grep -l xsk_ring_cons__cancel $(LIBBPF_DIR)/src/xsk.h),)
XSKNS_CFLAGS += -DXSKNS_XSK_NO_CONS_CANCEL
endif
else ifneq ($(LIBBPF_A),)
# A packaged libbpf (Debian's libbpf-dev, unpacked by scripts/impl-build): the xsk
# objects of its libbpf.a, made local but xsk_* as for a tree, its xsk.h in LIBBPF_INC,
# its version given as LIBBPF_VERSION.
XSK_IMPL     := libbpf
XSK_IMPL_DIR := $(abspath $(LIBBPF_A))
XSKNS_CFLAGS += -DXSKNS_XSK_LIBBPF -idirafter $(abspath $(LIBBPF_INC)) \
		-DXSKNS_XSK_IMPL_SOURCE='"$(XSK_IMPL_DIR)"'
XSK_OBJS     := $(BUILD)/libbpf_xsk.o
XSK_VERSION   = $(LIBBPF_VERSION)
LIBS_PKG     := libbpf libelf zlib libpcap libseccomp
OBJCOPY      ?= objcopy
ifeq ($(shell grep -l xsk_ring_cons__cancel $(LIBBPF_INC)/xsk.h),)
XSKNS_CFLAGS += -DXSKNS_XSK_NO_CONS_CANCEL
endif
else ifneq ($(LIBXDP_DIR),)
XSK_IMPL     := libxdp-tree
XSK_IMPL_DIR := $(abspath $(LIBXDP_DIR))
XSKNS_CFLAGS += -I$(LIBXDP_DIR)/headers
XSKNS_LDLIBS += -L$(LIBXDP_DIR)/lib/libxdp -Wl,-rpath,$(XSK_IMPL_DIR)/lib/libxdp -lxdp
XSK_VERSION   = $(shell sed -n 's/^TOOLS_VERSION := *"*\([^"]*\)"*/\1/p' $(LIBXDP_DIR)/version.mk 2>/dev/null)
LIBS_PKG     := libbpf libelf libpcap libseccomp
else
XSK_IMPL     := libxdp
XSK_IMPL_DIR :=
XSK_VERSION   = $(shell pkg-config --modversion libxdp 2>/dev/null)
LIBS_PKG     := libxdp libbpf libelf libpcap libseccomp
endif

# pkg-config runs once, the first time a recipe expands these (then cached).
PKG_CFLAGS = $(eval PKG_CFLAGS := $$(shell pkg-config --cflags $(LIBS_PKG) 2>/dev/null))$(PKG_CFLAGS)
PKG_LIBS   = $(eval PKG_LIBS := $$(shell pkg-config --libs $(LIBS_PKG) 2>/dev/null))$(PKG_LIBS)
XSKNS_CFLAGS += $(PKG_CFLAGS) -DXSKNS_XSK_IMPL='"$(XSK_IMPL)"' -DXSKNS_XSK_IMPL_VERSION='"$(XSK_VERSION)"'
XSKNS_LDLIBS += $(PKG_LIBS)

ALL_CFLAGS  = $(XSKNS_CFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(EXTRA_LDFLAGS)

HARNESS_SRCS := $(wildcard $(LAYERS:%=harness/%/*.c)) harness/main.c
HARNESS_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(notdir $(HARNESS_SRCS)))
vpath %.c $(LAYERS:%=harness/%) harness
LIB_OBJS     := $(filter-out $(BUILD)/main.o,$(HARNESS_OBJS))
BPF_SRCS     := $(wildcard bpf/*.bpf.c)
BPF_SKELS    := $(patsubst bpf/%.bpf.c,$(BUILD)/%.skel.h,$(BPF_SRCS))

.SECONDARY:
.PHONY: all deps deps-host run-scenario test unit-tests bench plots help clean format \
	lint fresh-check FORCE
all: $(BUILD)/xskns

help:
	@sed -n 's/^\#h //p' $(MAKEFILE_LIST) | sed 's|$$(BUILD)|$(BUILD)|g'

#h Set up and run (README.md):
#h   make deps               install every Debian package any target or test uses (root)
#h   make deps-host          only what host runs, tests without guests and plots need
#h   make deps-guest | deps-debug | deps-bisect | deps-deb   what guests, gdb, bisects, the package
#h                           need (make matrix, debug, bisect, deb check these first)
#h   make all | make         build $(BUILD)/xskns (CFLAGS/LDFLAGS/EXTRA_CFLAGS add to the project's)
#h   make run-scenario       [SCENARIO=colliding-ifindex] [VM=1] [DURATION=s RATE=pps QUEUES=n
#h                           PKT_SIZE=b PAIRS=n UMEM=shared|separate EMULATE_NO_NETNS_COOKIE=1]:
#h                           exit 0 when every verdict is the expected one (an expected BUG too)
#h   make check-scenarios    every scenario judged against its expect, KTAP (an expected BUG is
#h                           ok # XFAIL): exit 0 when all match [SCENARIO=... DURATION=s JUNIT=file]
#h   make test               every test (root); TESTS="tests/20-scenarios.t ..." for some
#h   make unit-tests         the C unit tests only ($(BUILD)/tests/)
#h   make fresh-check        the README's commands on a new minimal Debian 12 root (root)
#h   make lint | format      shellcheck, clang-format, workflow check | reformat the C sources
#h   make check-layers       every harness layer compiles from its own and lower layers' headers
#h   make clean              remove $(BUILD)
#h   make help               this list

# INSTALL_DEPS: what installs packages (tests put a stand-in here).
INSTALL_DEPS ?= scripts/install-deps
# Asked for by name it says when nothing is missing; as a prerequisite it is silent then.
deps:
	@$(INSTALL_DEPS) $(if $(filter deps,$(MAKECMDGOALS)),--verbose) all

deps-host:
	@$(INSTALL_DEPS) host

# What each entry point needs (scripts/install-deps names the groups): checked, or
# installed as root, before it starts.
.PHONY: deps-guest deps-debug deps-bisect deps-deb
deps-guest deps-debug deps-bisect deps-deb:
	@$(INSTALL_DEPS) $(@:deps-%=%)

$(BUILD):
	@mkdir -p $@

# The build configuration: any change (implementation, its path or version, compiler,
# flags) rewrites this file and so rebuilds everything; an unchanged one is left alone.
# A missing library is named here, before the compiler fails on it.
$(BUILD)/build.config: FORCE | $(BUILD)
	@pkg-config --exists $(LIBS_PKG) 2>/dev/null || { \
		echo "make: missing libraries ($(LIBS_PKG)): run 'make deps' (as root)" >&2; exit 2; }
	@printf '%s\n' 'impl=$(XSK_IMPL)' 'impl_dir=$(XSK_IMPL_DIR)' 'impl_version=$(XSK_VERSION)' \
		'cc=$(CC)' 'cflags=$(strip $(ALL_CFLAGS))' 'ldflags=$(strip $(ALL_LDFLAGS))' \
		'ldlibs=$(strip $(XSKNS_LDLIBS) $(LDLIBS))' >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

# --dirty needs the index lock: a git command running beside the build must not
# turn the version into "unknown".
GIT_VERSION = $(shell git describe --always --dirty 2>/dev/null || git describe --always 2>/dev/null || echo unknown)

# The harness's own version and build configuration, compiled into the objects that
# include it (-MMD tracks which): a new commit rebuilds those, not the whole harness.
$(BUILD)/build_info.h: $(BUILD)/build.config FORCE
	@{ echo '#define XSKNS_VERSION "$(GIT_VERSION)"'; \
	   echo '#define XSKNS_BUILD_CONFIG "impl=$(XSK_IMPL) impl_dir=$(XSK_IMPL_DIR) impl_version=$(XSK_VERSION) cc=$(CC) cflags=$(subst ",,$(strip $(CFLAGS) $(EXTRA_CFLAGS) $(SANITIZE)))"'; \
	 } >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

# BPF objects are embedded in the binary as skeletons: nothing to find at run time.
$(BUILD)/%.bpf.o: bpf/%.bpf.c bpf/*.h $(BUILD)/build.config
	$(CLANG) -O2 -g -target bpf -I/usr/include/$(shell uname -m)-linux-gnu -Ibpf -c $< -o $@

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(BPFTOOL) gen skeleton $< > $@

$(BUILD)/%.o: %.c $(BPF_SKELS) $(BUILD)/build.config | $(BUILD)/build_info.h
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The selftests helper needs its kernel tree's private headers; only this object sees them.
$(BUILD)/selftests_xsk.o: $(XSK_SRC_DIR)/xsk.c $(BUILD)/build.config
	$(CC) -O2 -g -w -D_GNU_SOURCE -I$(XSK_SRC_DIR) -I$(XSK_SELFTESTS_KSRC)/tools/include \
		-I$(XSK_SELFTESTS_KSRC)/tools/arch/x86/include -I$(XSK_SELFTESTS_KSRC)/tools/lib \
		$(PKG_CFLAGS) $(CFLAGS) $(EXTRA_CFLAGS) -c $< -o $@

# libbpf's xsk.c with the tree's own libbpf, everything but xsk_* made local (see
# LIBBPF_DIR above). The tree's Makefile builds into $(BUILD)/libbpf-tree, never in the
# tree, and sees none of this make's command line (MAKEFLAGS=); -w: a 2020 tree's
# -Werror meets today's compiler warnings. OBJS: every src/*.c, as every release lists;
# a commit in the middle of a sync from the kernel can have libbpf.c call a new file the
# Makefile does not list yet (694a70c to 70ad3e8: gen_loader.c, 2da7f66 among them).
LIBBPF_TREE_OBJS = $(sort $(patsubst %.c,%.o,$(notdir $(wildcard $(LIBBPF_DIR)/src/*.c))))
# LIBBPF_A: a packaged libbpf.a (a Debian libbpf-dev), its xsk.o the same way.
ifneq ($(LIBBPF_A),)
$(BUILD)/libbpf_xsk.o: $(LIBBPF_A) $(BUILD)/build.config
	@rm -rf $(BUILD)/libbpf-a && mkdir -p $(BUILD)/libbpf-a
	cd $(BUILD)/libbpf-a && $(AR) x $(abspath $(LIBBPF_A)) xsk.o
	$(LD) -r -o $@.all $(BUILD)/libbpf-a/xsk.o $(LIBBPF_A)
	$(OBJCOPY) --wildcard --keep-global-symbol='xsk_*' $@.all $@
	@rm -f $@.all
else
$(BUILD)/libbpf_xsk.o: $(wildcard $(LIBBPF_DIR)/src/*.[ch] $(LIBBPF_DIR)/src/Makefile) $(BUILD)/build.config
	@rm -rf $(BUILD)/libbpf-tree && mkdir -p $(BUILD)/libbpf-tree
	MAKEFLAGS= make -s -C $(LIBBPF_DIR)/src BUILD_STATIC_ONLY=1 OBJDIR=$(abspath $(BUILD))/libbpf-tree \
		OBJS='$(LIBBPF_TREE_OBJS)' CC='$(CC)' CFLAGS='-g -O2 -w' EXTRA_CFLAGS= \
		$(abspath $(BUILD))/libbpf-tree/libbpf.a >$(BUILD)/libbpf-tree/build.log
	$(LD) -r -o $@.all $(BUILD)/libbpf-tree/staticobjs/xsk.o $(BUILD)/libbpf-tree/libbpf.a
	$(OBJCOPY) --wildcard --keep-global-symbol='xsk_*' $@.all $@
	@rm -f $@.all
endif
ifneq ($(LIBBPF_DIR),)
# -idirafter makes the tree's headers system headers, which -MMD leaves out of the
# dependency files: the one the harness sees is named here.
$(HARNESS_OBJS): $(LIBBPF_DIR)/src/xsk.h
endif

# Layers point one way: every source of a layer compiles with the include paths of
# its own layer and those below alone, so an include that runs back up fails here.
.PHONY: check-layers
check-layers: $(BPF_SKELS) $(BUILD)/build.config | $(BUILD)/build_info.h
	@below=; for layer in $(LAYERS); do below="$$below -Iharness/$$layer"; \
		for f in harness/$$layer/*.c; do \
			$(CC) $(filter-out -Iharness/% -MMD -MP,$(ALL_CFLAGS)) $$below -fsyntax-only $$f \
				2>$(BUILD)/layer.err || { \
				echo "check-layers: $$f (layer $$layer) needs a header of a layer above it:" >&2; \
				head -3 $(BUILD)/layer.err >&2; exit 1; }; \
		done; \
	done; rm -f $(BUILD)/layer.err
	@echo "check-layers: $(LAYERS): each layer builds from its own headers and those below"

$(BUILD)/xskns: $(HARNESS_OBJS) $(XSK_OBJS)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(XSKNS_LDLIBS) $(LDLIBS)

-include $(wildcard $(BUILD)/*.d)
# A build from before the layers had folders names harness/NAME.c in its dependency
# files: the source is now found in its layer (vpath), so that name needs no rule.
harness/%.c: ;

# After `make deps` a new make reads this file again, so a first run on a fresh machine
# sees the libraries deps has just installed.
run-scenario: $(if $(filter-out 0 no false off,$(VM)),deps,deps-host)
	@$(MAKE) --no-print-directory all
	@CHECK_EXPECT=1 scripts/run-scenario

# Without SCENARIO on the command line or in the environment: the whole scenarios folder.
.PHONY: check-scenarios
check-scenarios: deps-host
	@$(MAKE) --no-print-directory all
	@$(BUILD)/xskns run --check-expect --results "$(RESULTS)" $(if $(DURATION),--duration $(DURATION)) \
		$(if $(JUNIT),--junit "$(JUNIT)") $(if $(filter file,$(origin SCENARIO)),--all,$(SCENARIO))

test: deps
	@$(MAKE) --no-print-directory all
	@tests/run-all

# FRESH_ARGS="--test" also runs make test there; see scripts/fresh-check --help.
fresh-check:
	@scripts/fresh-check $(FRESH_ARGS)

C_SOURCES     = $(wildcard harness/*.[ch] harness/*/*.[ch] bpf/*.[ch] tests/unit/*.[ch] tests/fwd/*.c)
SHELL_SCRIPTS = $(shell git ls-files scripts vm tests .ci | xargs grep -lE '^\#!/bin/(ba)?sh' 2>/dev/null)

format:
	clang-format -i $(C_SOURCES)

# What tests/05-style.t and 07-workflows.t check: shellcheck, clang-format, the CI
# workflows (YAML, and every file and target they name exists).
lint:
	shellcheck -x $(SHELL_SCRIPTS)
	clang-format --dry-run -Werror $(C_SOURCES)
	tests/lib/check-workflows.py .github/workflows/*.yml

clean:
	rm -rf $(BUILD)

-include tests/unit/unit.mk
-include vm/vm.mk
-include scripts/bench.mk
-include scripts/bisect.mk
-include scripts/matrix.mk
-include tests/repro/repro.mk
-include tests/fuzz/fuzz.mk
-include scripts/install.mk
-include scripts/deb.mk
-include tests/check.mk

# Installing xskns, as xdp-tools does: PREFIX (default /usr/local) and DESTDIR.
# The binary finds its scenarios at BINDIR/../share/xskns/scenarios (scenario.h) and its
# tooling at BINDIR/../libexec/xskns (tooling.c), which finds its data in share/xskns
# (scripts/lib/paths.sh): BINDIR, libexec and the data folder all follow PREFIX.
#h Install:
#h   make man                $(BUILD)/man/xskns.1 from every command's --help (scripts/mkman)
#h   make install            [PREFIX=/usr/local DESTDIR=] the binary, scenarios, schemas, man pages,
#h                           bash completion, the tooling of xskns bisect|matrix|vm|bench|plots
#h   make uninstall          [PREFIX=... DESTDIR=...] remove what make install put there
PREFIX      ?= /usr/local
BINDIR      := $(PREFIX)/bin
XSKNS_SHARE := $(PREFIX)/share/xskns
XSKNS_LIBEXEC := $(PREFIX)/libexec/xskns
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

INSTALL_SCENARIOS := $(wildcard scenarios/*.scn)
INSTALL_SCHEMAS   := $(wildcard results/*.schema.json)
MAN_PAGES         := $(BUILD)/man/xskns.1
# The scenario file format, written by hand (tests/13-man.t checks it has every key).
MAN5_PAGES        := docs/xskns-scenario.5
# The tooling: PREFIX/libexec/xskns keeps the tree's scripts/ and vm/ layout (the
# scripts find each other there); what they read is data, in PREFIX/share/xskns.
TOOLING_SCRIPTS := scripts/bisect scripts/bisect-run scripts/matrix scripts/bench \
		   scripts/plots scripts/aggregate scripts/vm scripts/impl-build \
		   scripts/libbpf-tree
TOOLING_LIBS    := scripts/lib/help.sh scripts/lib/paths.sh scripts/lib/bisect-tools.sh \
		   scripts/lib/libxdp-build.sh \
		   scripts/lib/aggregate.jq
VM_SCRIPTS      := vm/run-guest vm/trace-bind.sh vm/mkinitramfs.sh vm/kernel-fetch.sh \
		   vm/kernel-build.sh vm/kernel-dbg.sh vm/kallsyms.sh vm/kallsyms-elf.sh vm/modules.sh \
		   vm/kconfig-check.sh vm/debian-source.sh
VM_DATA         := vm/init vm/gdbinit vm/kernel.config vm/kernel-minimal.config vm/trace-bind.py
PLOT_DATA       := $(wildcard scripts/plot/*.gp)
# The harness's sources: a bisect builds the harness at every step (scripts/bisect).
HARNESS_SRC     := Makefile $(wildcard harness/*.c $(LAYERS:%=harness/%/*.[ch]) bpf/*.[ch])

.PHONY: man install uninstall
all: $(MAN_PAGES)
man: $(MAN_PAGES)

# Made from the binary's own --help: a new option is in the page at the next build.
$(BUILD)/man/xskns.1: $(BUILD)/xskns scripts/mkman
	@mkdir -p $(@D)
	scripts/mkman $(BUILD)/xskns >$@.tmp && mv $@.tmp $@

install: $(BUILD)/xskns $(MAN_PAGES)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(XSKNS_SHARE)/scenarios \
		$(DESTDIR)$(XSKNS_SHARE)/schemas $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(XSKNS_LIBEXEC)/scripts/lib $(DESTDIR)$(XSKNS_LIBEXEC)/vm \
		$(DESTDIR)$(XSKNS_SHARE)/vm $(DESTDIR)$(XSKNS_SHARE)/plot \
		$(addprefix $(DESTDIR)$(XSKNS_SHARE)/src/,$(sort $(dir $(HARNESS_SRC))))
	install -m 0755 $(BUILD)/xskns $(DESTDIR)$(BINDIR)/xskns
	install -m 0644 $(INSTALL_SCENARIOS) $(DESTDIR)$(XSKNS_SHARE)/scenarios/
	install -m 0644 $(INSTALL_SCHEMAS) $(DESTDIR)$(XSKNS_SHARE)/schemas/
	install -m 0644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 $(MAN5_PAGES) $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 scripts/completion.bash $(DESTDIR)$(BASHCOMPDIR)/xskns
	install -m 0755 $(TOOLING_SCRIPTS) $(DESTDIR)$(XSKNS_LIBEXEC)/scripts/
	install -m 0644 $(TOOLING_LIBS) $(DESTDIR)$(XSKNS_LIBEXEC)/scripts/lib/
	install -m 0755 $(VM_SCRIPTS) $(DESTDIR)$(XSKNS_LIBEXEC)/vm/
	install -m 0644 $(VM_DATA) $(DESTDIR)$(XSKNS_SHARE)/vm/
	chmod 0755 $(DESTDIR)$(XSKNS_SHARE)/vm/init
	install -m 0644 $(PLOT_DATA) $(DESTDIR)$(XSKNS_SHARE)/plot/
	for f in $(HARNESS_SRC); do install -m 0644 $$f $(DESTDIR)$(XSKNS_SHARE)/src/$$f || exit 1; done

# What install wrote; share/xskns and libexec/xskns are wholly ours, the shared folders
# (bin, man1, completions) stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/xskns $(DESTDIR)$(BASHCOMPDIR)/xskns \
		$(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN_PAGES))) \
		$(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(MAN5_PAGES)))
	rm -rf $(DESTDIR)$(XSKNS_SHARE) $(DESTDIR)$(XSKNS_LIBEXEC)

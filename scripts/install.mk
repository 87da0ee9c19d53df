# Installing xskns, as xdp-tools does: PREFIX (default /usr/local) and DESTDIR.
# The binary finds its scenarios at BINDIR/../share/xskns/scenarios (scenario.h),
# so BINDIR and the data folder both follow PREFIX and are not set apart.
#h Install:
#h   make man                $(BUILD)/man/xskns.1 from every command's --help (scripts/mkman)
#h   make install            [PREFIX=/usr/local DESTDIR=] the binary, scenarios, schemas, man pages,
#h                           bash completion
#h   make uninstall          [PREFIX=... DESTDIR=...] remove what make install put there
PREFIX      ?= /usr/local
BINDIR      := $(PREFIX)/bin
XSKNS_SHARE := $(PREFIX)/share/xskns
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

INSTALL_SCENARIOS := $(wildcard scenarios/*.scn)
INSTALL_SCHEMAS   := $(wildcard results/*.schema.json)
MAN_PAGES         := $(BUILD)/man/xskns.1
# The scenario file format, written by hand (tests/13-man.t checks it has every key).
MAN5_PAGES        := docs/xskns-scenario.5

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
		$(DESTDIR)$(BASHCOMPDIR)
	install -m 0755 $(BUILD)/xskns $(DESTDIR)$(BINDIR)/xskns
	install -m 0644 $(INSTALL_SCENARIOS) $(DESTDIR)$(XSKNS_SHARE)/scenarios/
	install -m 0644 $(INSTALL_SCHEMAS) $(DESTDIR)$(XSKNS_SHARE)/schemas/
	install -m 0644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 $(MAN5_PAGES) $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 scripts/completion.bash $(DESTDIR)$(BASHCOMPDIR)/xskns

# What install wrote; share/xskns is wholly ours, the shared folders (bin, man1,
# completions) stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/xskns $(DESTDIR)$(BASHCOMPDIR)/xskns \
		$(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN_PAGES))) \
		$(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(MAN5_PAGES)))
	rm -rf $(DESTDIR)$(XSKNS_SHARE)

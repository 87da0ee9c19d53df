# Guest mode (vm/): included by the top Makefile.
#   make vm-kernel [KERNEL=debian:...] [REFRESH=1] [KSRC=/path/to/linux]
#                                          a Debian kernel (fetched, cached), or one built
#                                          from a tree with vm/kernel.config merged in
#   make vm-image                          the guest's busybox initramfs (base layer)
#   make vm-shell [KERNEL=... | KSRC=...]  interactive guest with the harness in it
#   make vm-run SCENARIO="a b" [KERNEL=... | KSRC=...]   scenarios in one guest
#   make vm-config-check [KSRC=...]        merge the fragment, check every option survived
#                                          (default tree: Debian's linux-source-6.1)
#   make vm-clean                          drop vm/cache
# KCONFIG_BASE=minimal|defconfig: the base config of kernels built from a tree (KSRC=, kernel
# bisects): minimal (default; allnoconfig + vm/kernel-minimal.config) or x86_64 defconfig.
# KERNEL is a bzImage (MODULES= its modules), a vm-kernel output folder, a Debian kernel by
# name (debian:bullseye, debian:sid, debian:linux-image-5.10.0-32-amd64) or a Debian kernel
# .deb file (vm/kernel-fetch.sh); default: Debian 12's (debian:bookworm). ACCEL=auto|kvm|tcg
# on every guest target (vm-shell, vm-run, debug, trace-bind, run-scenario VM=1, bisect VM=1):
# auto (default) = KVM when a probe vCPU runs, TCG otherwise or after a silent KVM death.

#h Guests (vm/README.md), KERNEL=bzImage|folder|debian:SUITE|debian:PACKAGE|file.deb or
#h KSRC=tree (KCONFIG_BASE=minimal|defconfig), ACCEL=auto|kvm|tcg:
#h   make vm-kernel | vm-kernel-dbg   fetch a Debian kernel (REFRESH=1: newer lists; or build KSRC) | its debug info
#h   make vm-image | vm-clean         the busybox initramfs | drop vm/cache
#h   make vm-shell | vm-run           a guest shell | SCENARIO="a b" in one guest
#h   make vm-config-check | vm-help   the kernel config fragment survives a merge | guest targets
#h   make debug | trace-bind          a guest paused for gdb | one line per xsk_bind(), unattended
VM_DIR      := vm
VM_CACHE    ?= $(CURDIR)/vm/cache
VM_TIMEOUT  ?= 600
# minimal: allnoconfig + vm/kernel-minimal.config (minutes); defconfig (about an hour)
KCONFIG_BASE ?= minimal
export KCONFIG_BASE
VM_ARGS     ?=
VM_RUN_ARGS ?=
# The guest targets are read by people: an expected BUG ends them with status 0, a
# verdict other than the scenario's expect with 1 (xskns run --check-expect).
VM_EXPECT   ?= --check-expect

VM_KERNEL_ARGS = $(if $(KERNEL),--kernel $(KERNEL)) $(if $(MODULES),--modules $(MODULES)) \
                 $(if $(KSRC),--ksrc $(KSRC))

# The guests' accelerator (vm/run-guest --accel). A bad value stops a guest target at once,
# before any prerequisite is built; the scripts check it too when called directly.
ACCEL ?=
VM_ACCEL_ARGS = $(if $(ACCEL),--accel '$(ACCEL)')
VM_ACCEL_GOALS := vm-shell vm-run debug trace-bind run-scenario bisect matrix
ifneq ($(filter-out auto kvm tcg,$(ACCEL))$(word 2,$(ACCEL)),)
ifneq ($(filter $(VM_ACCEL_GOALS),$(MAKECMDGOALS)),)
$(error ACCEL=$(ACCEL): unknown accelerator, use auto, kvm or tcg)
endif
endif

.PHONY: vm-kernel vm-image vm-shell vm-run vm-config-check vm-clean vm-help

vm-help:
	@sed -n '2,18s/^# \{0,1\}//p' $(VM_DIR)/vm.mk

vm-kernel:
ifneq ($(KSRC),)
	@$(VM_DIR)/kernel-build.sh --base $(KCONFIG_BASE) $(KSRC) $(VM_CACHE)
else
	@$(VM_DIR)/kernel-fetch.sh $(if $(filter 1 yes,$(REFRESH)),--refresh) $(VM_CACHE) $(KERNEL)
endif

vm-image: $(BUILD)/xskns
	@$(VM_DIR)/mkinitramfs.sh base $(VM_CACHE)/img/base.cpio.gz --harness $(BUILD)/xskns

vm-shell: deps-guest
	@$(MAKE) --no-print-directory $(BUILD)/xskns
	@$(VM_DIR)/run-guest --shell --harness $(BUILD)/xskns $(VM_KERNEL_ARGS) $(VM_ACCEL_ARGS) \
		$(VM_ARGS)

vm-run: deps-guest
	@$(MAKE) --no-print-directory $(BUILD)/xskns
	@$(VM_DIR)/run-guest --harness $(BUILD)/xskns --results $(RESULTS) \
		--timeout $(VM_TIMEOUT) $(VM_KERNEL_ARGS) $(VM_ACCEL_ARGS) $(VM_ARGS) -- $(VM_EXPECT) $(VM_RUN_ARGS) $(SCENARIO)

vm-config-check:
ifneq ($(KSRC),)
	@$(VM_DIR)/kernel-build.sh --config-only --base $(KCONFIG_BASE) $(KSRC) $(VM_CACHE)
else
	@$(VM_DIR)/kernel-build.sh --config-only --base $(KCONFIG_BASE) \
		"$$($(VM_DIR)/debian-source.sh --kconfig-only $(VM_CACHE)/src)" $(VM_CACHE)
endif

vm-clean:
	rm -rf $(VM_CACHE)

# --- kernel debugging (vm/run-guest --gdb, vm/trace-bind.sh) ---------------------------
#   make debug SCENARIO=NAME [KERNEL=... | KSRC=...] [ACCEL=]  guest paused for gdb, runs on continue
#   make trace-bind SCENARIO=NAME [KERNEL=... | KSRC=...] [ACCEL=]  one line per xsk_bind(), unattended
#   make vm-kernel-dbg [KERNEL=debian:...]  vmlinux of a Debian kernel (-dbg package, ~860 MB)
GDB_PORT ?= auto

.PHONY: debug trace-bind vm-kernel-dbg

# A Debian kernel (the default, or KERNEL=debian:... or a .deb) has no debug info unless
# vm-kernel-dbg fetched it: its kallsyms are read first, for the printed addresses.
VM_KERNEL_IS_DEBIAN = $(if $(KSRC),,$(if $(KERNEL),$(filter debian:% %.deb,$(KERNEL)),yes))
debug: deps-debug
	@$(MAKE) --no-print-directory $(BUILD)/xskns
ifneq ($(VM_KERNEL_IS_DEBIAN),)
	@kdir=$$($(VM_DIR)/kernel-fetch.sh $(VM_CACHE) $(KERNEL)) && { [ -s "$$kdir/vmlinux" ] || \
		$(VM_DIR)/kallsyms.sh $(VM_ACCEL_ARGS) --kernel "$$kdir" -- "$$kdir/vmlinuz" >/dev/null; }
endif
	@$(VM_DIR)/run-guest -v --gdb $(GDB_PORT) --harness $(BUILD)/xskns --results $(RESULTS) \
		--timeout 86400 $(VM_KERNEL_ARGS) $(VM_ACCEL_ARGS) $(VM_ARGS) -- $(VM_EXPECT) $(VM_RUN_ARGS) $(SCENARIO)

trace-bind: deps-debug
	@$(MAKE) --no-print-directory $(BUILD)/xskns
	@$(VM_DIR)/trace-bind.sh $(VM_KERNEL_ARGS) $(VM_ACCEL_ARGS) --results $(RESULTS) \
		--timeout $(VM_TIMEOUT) -- $(VM_EXPECT) $(VM_RUN_ARGS) $(SCENARIO)

vm-kernel-dbg:
	@$(VM_DIR)/kernel-dbg.sh $(VM_CACHE) $(KERNEL)

# `make check`: the fast tier, before every commit. No root, no network, any user.
#h Before every commit (no root, no network, 1 to 2 minutes; `make test` is the whole suite):
#h   make check              lint, check-layers, the build, the unit tests, and the TAP tests
#h                           that need neither root nor the network (tests/run-check)
.PHONY: check
check:
	@$(MAKE) --no-print-directory lint
	@$(MAKE) -s --no-print-directory check-layers all unit-tests
	@tests/run-check

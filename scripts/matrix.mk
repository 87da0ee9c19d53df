# Kernel x scenario matrix (included by the top Makefile); see vm/README.md.
#   make matrix [KERNELS="debian:bullseye debian:bookworm ... host"] [SCENARIO="a b"]
#               [DURATION=s] [ACCEL=auto|kvm|tcg] [MATRIX_ID=name] [MATRIX_MEMORY=MB]
#               [MATRIX_TIMEOUT=s]   one boot per kernel, every scenario in it:
#               results/matrix-ID/ (matrix.json, matrix.csv, table.txt, runs/, logs/)
#               [IMPLS="system libbpf@v0.8.0 libxdp@v1.3.0 ..." LIBBPF_SRC=git LIBXDP_SRC=git]
#               each implementation built once into $(BUILD)/impls/<word>, all of them run
#               on every kernel (one boot per kernel still): docs/implementations.md
#   make matrix-merge DIRS="results/matrix-a results/matrix-b" [MATRIX_ID=name]
#               one matrix from several (one CI job per kernel), with the same code
# scripts/matrix exits 0 when every cell met its scenario's expectation, 1 when a verdict
# differs, 2 on ERROR; through make, any failure is make's status 2.
#h Kernel x scenario matrix (vm/README.md):
#h   make matrix             KERNELS="debian:bullseye ... host" SCENARIO="a b": one boot per kernel
#h                           [IMPLS="system libbpf@v0.8.0 libxdp@v1.3.0" LIBBPF_SRC=git LIBXDP_SRC=git]
#h   make matrix-merge       DIRS="results/matrix-a ...": one matrix.json, table and CSV from several
.PHONY: matrix matrix-merge

# SCENARIO's project-wide default is one scenario; the matrix's is the four that tell the story
MATRIX_SCENARIOS = $(if $(filter file,$(origin SCENARIO)),colliding-ifindex distinct-ifindex no-netns-cookie separate-umem,$(SCENARIO))
MATRIX_ARGS = --scenarios '$(MATRIX_SCENARIOS)' --results $(RESULTS) --harness $(BUILD)/xskns \
	$(if $(DURATION),--duration $(DURATION)) $(if $(ACCEL),--accel '$(ACCEL)') \
	$(if $(MATRIX_ID),--id $(MATRIX_ID)) $(if $(MATRIX_MEMORY),--memory $(MATRIX_MEMORY)) \
	$(if $(MATRIX_TIMEOUT),--timeout $(MATRIX_TIMEOUT)) \
	$(if $(IMPLS),--impls '$(IMPLS)' --impl-build $(abspath $(BUILD))/impls)

matrix: deps-guest
	@$(MAKE) --no-print-directory all
	@LIBBPF_SRC='$(LIBBPF_SRC)' LIBXDP_SRC='$(LIBXDP_SRC)' XSK_SELFTESTS_KSRC='$(XSK_SELFTESTS_KSRC)' \
		scripts/matrix $(MATRIX_ARGS) $(KERNELS)

matrix-merge:
	@test -n "$(DIRS)" || { echo "make matrix-merge: DIRS=\"results/matrix-a results/matrix-b\" is missing" >&2; exit 2; }
	@scripts/matrix --merge --results $(RESULTS) $(if $(MATRIX_ID),--id $(MATRIX_ID)) $(DIRS)

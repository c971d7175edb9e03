# anonpipe: the human-facing build. The kernel module's kbuild rules live in
# ./Kbuild, so "make -C /lib/modules/$(uname -r)/build M=$PWD" works as well.
#
#   make                module (stock Debian headers), library, tests, examples
#   make check          install packages, build, run the test suite in QEMU
#   make demo           install packages, build, run the examples in QEMU
#   make kunit          the KUnit suites alone, on the debug kernel
#   make style          checkpatch --strict on the kernel sources
#   make sparse         sparse on the module
#   make clean
#
# KDIR=<kernel build dir> builds the module for another kernel, in
# build/kmod-<its release>. V=1 shows the whole guest console.

BUILD := $(CURDIR)/build
RESULTS := $(BUILD)/results

# The stock kernel is the one linux-headers-amd64 depends on, not uname -r:
# this host may run any kernel. Recursive (=) variables are read when used,
# i.e. after scripts/install-deps.sh has installed the packages.
STOCK_RELEASE = $(or \
	$(shell dpkg-query -W -f='$${Depends}' linux-headers-amd64 2>/dev/null | \
		sed -n 's/^linux-headers-\([^ ,]*\).*/\1/p'), \
	$(patsubst linux-headers-%,%,$(notdir $(lastword \
		$(wildcard /usr/src/linux-headers-*-amd64)))))
STOCK_KDIR = /lib/modules/$(STOCK_RELEASE)/build
STOCK_KERNEL = /boot/vmlinuz-$(STOCK_RELEASE)

KDIR ?= $(STOCK_KDIR)
KNAME = $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
KMOD_DIR = $(BUILD)/kmod-$(KNAME)
# What kbuild needs; copied so that each kernel gets its own object files.
KMOD_SOURCES = $(wildcard Kbuild module uapi tests/kunit)

# Each pass writes $(RESULTS)/<pass>.txt; scripts/summarize.sh adds them up.
CHECK_PASSES = static stock $(if $(wildcard scripts/debug-pass.sh),debug)

all: module lib tests examples

module:
	@test -n "$(KNAME)" || { echo "no kernel build dir at KDIR='$(KDIR)';" \
		"run scripts/install-deps.sh or set KDIR" >&2; exit 1; }
	rm -rf $(KMOD_DIR)
	mkdir -p $(KMOD_DIR)
	cp -a --parents $(KMOD_SOURCES) $(KMOD_DIR)/
	$(MAKE) -C $(KDIR) M=$(KMOD_DIR) W=1 modules

lib:
	$(MAKE) -C userlib O=$(BUILD)/userlib

# tests and examples link build/userlib/libanonpipe.a.
tests: lib
	$(MAKE) -C tests/user O=$(BUILD)/tests/user LIBDIR=$(BUILD)/userlib
	$(MAKE) -C tests/guest O=$(BUILD)/tests/guest

examples: lib
	$(MAKE) -C examples O=$(BUILD)/examples USERLIB_O=$(BUILD)/userlib

# Every pass runs even when an earlier one fails; the summary line comes last.
check:
	@scripts/install-deps.sh
	@rm -f $(RESULTS)/*.txt
	@$(MAKE) --no-print-directory -k $(addprefix check-,$(CHECK_PASSES)) || true
	@scripts/summarize.sh $(RESULTS) $(CHECK_PASSES)

check-static:
	scripts/static-checks.sh $(RESULTS)

check-stock:
	$(MAKE) --no-print-directory all KDIR=$(STOCK_KDIR)
	scripts/guest/run-pass.sh stock $(STOCK_KERNEL) $(BUILD)/kmod-$(STOCK_RELEASE)

check-debug:
	scripts/debug-pass.sh

# The KUnit suites alone, on the debug kernel.
kunit:
	@scripts/install-deps.sh
	@rm -f $(RESULTS)/kunit.txt
	@scripts/debug-pass.sh --kunit || true
	@scripts/summarize.sh $(RESULTS) kunit

demo:
	@scripts/install-deps.sh
	$(MAKE) --no-print-directory module examples KDIR=$(STOCK_KDIR)
	scripts/guest/run-pass.sh demo $(STOCK_KERNEL) $(BUILD)/kmod-$(STOCK_RELEASE) \
		anonpipe.job=demo quiet

style:
	scripts/checkpatch.sh $(wildcard module/*.[ch] uapi/linux/*.h tests/kunit/*.[ch])

# Fails on any sparse report; the module target has just compiled everything,
# so C=2 runs only sparse.
sparse: module
	$(MAKE) -C $(KDIR) M=$(KMOD_DIR) C=2 modules 2>&1 | tee $(BUILD)/sparse.log
	@! grep -E ': (warning|error):' $(BUILD)/sparse.log

clean:
	rm -rf $(BUILD)

.PHONY: all module lib tests examples check check-static check-stock check-debug kunit \
	demo style sparse clean

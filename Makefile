# SPDX-License-Identifier: GPL-2.0
#
# sigftrace - who sent that signal?
#
#   make                 CLI (sigftrace) and plugin (plugin_sigftrace.so)
#   make check           structure rules, unit + end-to-end tests (e2e and boot need root)
#   make bench           signal-storm benchmark (root)
#   make install         bin, scripts, plugin, bash completion, the service (systemd
#                        unit, /etc/default/sigftrace) and the man pages when rst2man
#                        is there;  make install-plugin-user: ~/.local
#   make doc             man pages (rst2man);  make install-doc: install them
#   make deps            apt-get install every build and test dependency (Debian 12)
#   make fuzz            libFuzzer harnesses (clang, ASan+UBSan) on every reader of
#                        outside input, FUZZ_SECONDS=N each (default 60)
#
#   make cross-unit ARCH=arm64|armhf|mipsel   unit tests of a cross build, under qemu-user
#
# Variables: prefix, DESTDIR, bindir, mandir, sf_datadir, plugin_dir, bashcompdir,
# systemdunitdir, sysconfdir, O=builddir, V=1,
# CROSS_COMPILE, SYSROOT, CC, PKG_CONFIG, CFLAGS, CPPFLAGS, LDFLAGS, EXTRA_CFLAGS,
# WERROR=1, SANITIZE=1, STATIC=1, NO_PLUGIN=1, NO_ZSTD=1 (trace.dat v6 only), NO_DOC=1
# (install no man pages), NO_SERVICE=1 (install no systemd unit),
# DOC=1 (install them, failing without rst2man), RST2MAN, FUZZ_SECONDS, FUZZ_CC.
#
# Cross builds: make CROSS_COMPILE=mipsel-linux-gnu- SYSROOT=DIR, with DIR a sysroot
# in Debian's layout (tests/cross/sysroot.sh ARCH DIR makes one), or
# make CROSS_COMPILE=... PKG_CONFIG=<the SDK's pkg-config wrapper> (Buildroot, Yocto, OpenWrt).

VERSION := 0.2.0

# --- toolchain: derive from CROSS_COMPILE unless the user set it -----------------
ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
ifeq ($(origin AR),default)
AR := $(CROSS_COMPILE)ar
endif
INSTALL ?= install
# Each goal asks only for the libraries it builds with: these build no C...
NODEP_GOALS := clean deps help format-check layers-check cross-unit doc install-doc install-scripts \
	install-completion install-service fuzz fuzz-check
# ...the plugin needs libtraceevent's headers only...
PLUGIN_GOALS := plugin install-plugin-user
GOALS := $(if $(MAKECMDGOALS),$(MAKECMDGOALS),all)
# ...and every other goal builds sigftrace (or its tests)
NEED_CLI := $(filter-out $(NODEP_GOALS) $(PLUGIN_GOALS),$(GOALS))
NEED_CHECK := $(NEED_CLI)$(filter $(PLUGIN_GOALS),$(GOALS))

# --- the target's libraries: a sysroot, the SDK's pkg-config, or the host's -------
ifneq ($(SYSROOT),)
override SYSROOT := $(abspath $(SYSROOT))
TARGET_TRIPLET := $(shell $(CC) -dumpmachine 2>/dev/null)
ifeq ($(origin PKG_CONFIG),undefined)
# pkg-config then prefixes every path it prints with the sysroot
PKG_CONFIG := PKG_CONFIG_SYSROOT_DIR=$(SYSROOT) PKG_CONFIG_PATH= \
	PKG_CONFIG_LIBDIR=$(SYSROOT)/usr/lib/$(TARGET_TRIPLET)/pkgconfig:$(SYSROOT)/usr/lib/pkgconfig:$(SYSROOT)/usr/share/pkgconfig \
	pkg-config
endif
# libraries needed by libraries (libtracefs -> libtraceevent) are found there too
SYSROOT_FLAGS := --sysroot=$(SYSROOT)
SYSROOT_LDFLAGS := -Wl,-rpath-link=$(SYSROOT)/usr/lib/$(TARGET_TRIPLET):$(SYSROOT)/lib/$(TARGET_TRIPLET)
else ifneq ($(CROSS_COMPILE),)
ifneq ($(NEED_CHECK),)
ifeq ($(origin PKG_CONFIG)$(PKG_CONFIG_LIBDIR)$(PKG_CONFIG_SYSROOT_DIR),undefined)
$(error CROSS_COMPILE=$(CROSS_COMPILE) needs the target's libraries, not the host's: give SYSROOT=DIR (tests/cross/sysroot.sh ARCH DIR makes one from Debian packages) or PKG_CONFIG=<the SDK's pkg-config wrapper>)
endif
endif
endif
PKG_CONFIG ?= pkg-config

# --- paths ----------------------------------------------------------------------
prefix ?= /usr/local
bindir ?= $(prefix)/bin
datadir ?= $(prefix)/share
mandir ?= $(datadir)/man
# the scripts' shared library (scripts/sigftrace-lib.sh)
sf_datadir ?= $(datadir)/sigftrace
sysconfdir ?= /etc
# systemd also reads units from /usr/local/lib/systemd/system
systemdunitdir ?= $(prefix)/lib/systemd/system
# libtraceevent's libdir on the target: a sysroot's pkg-config prefixes it with the
# sysroot, which is no directory of the target
PC_SYSROOT = $(patsubst %/,%,$(shell $(PKG_CONFIG) --variable=pc_sysrootdir libtraceevent 2>/dev/null))
PC_LIBDIR = $(shell $(PKG_CONFIG) --variable=libdir libtraceevent 2>/dev/null)
plugin_dir ?= $(if $(PC_SYSROOT),$(patsubst $(PC_SYSROOT)/%,/%,$(PC_LIBDIR)),$(PC_LIBDIR))/traceevent/plugins
user_plugin_dir ?= $(HOME)/.local/lib/traceevent/plugins
# bash-completion's own directory, relative to our datadir like meson does it
# (/usr/share/... for prefix=/usr, /usr/local/share/... which bash-completion
# also searches, for the default prefix); a target without bash-completion.pc
# gets the same path
bashcompdir ?= $(or $(shell $(PKG_CONFIG) --define-variable=datadir=$(datadir) \
	--variable=completionsdir bash-completion 2>/dev/null),$(datadir)/bash-completion/completions)

srctree := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
# sanitized objects must never mix with plain ones: their own default directory
ifneq ($(O),)
OUT := $(abspath $(O))
else ifeq ($(FUZZ_BUILD),1)
OUT := $(srctree)/build-fuzz
else ifeq ($(SANITIZE),1)
OUT := $(srctree)/build-san
else
OUT := $(srctree)/build
endif

# --- quiet commands ---------------------------------------------------------------
ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-7s %s\n' $(1) $(patsubst $(OUT)/%,%,$(2))
endif

# --- dependencies (one aggregated error) -----------------------------------------
ifneq ($(NEED_CHECK),)
DEP_ERRORS :=
ifneq ($(shell $(PKG_CONFIG) --atleast-version=1.7 libtraceevent && echo ok),ok)
DEP_ERRORS += libtraceevent>=1.7 (Debian: libtraceevent-dev, Fedora: libtraceevent-devel);
endif
ifneq ($(NEED_CLI),)
ifneq ($(shell $(PKG_CONFIG) --atleast-version=1.6 libtracefs && echo ok),ok)
DEP_ERRORS += libtracefs>=1.6 (Debian: libtracefs-dev, Fedora: libtracefs-devel);
endif
ifneq ($(shell $(PKG_CONFIG) --exists zlib && echo ok),ok)
DEP_ERRORS += zlib (Debian: zlib1g-dev, Fedora: zlib-devel);
endif
endif
ifneq ($(strip $(DEP_ERRORS)),)
$(error missing build dependencies: $(DEP_ERRORS) run 'make deps' as root on Debian 12)
endif
endif

# zstd: trace.dat v7 (record's default format) and reading zstd-compressed
# files. A dynamic build uses libzstd where pkg-config finds it; a static one
# (or OWN_ZSTD=1, or a build where libzstd is missing) uses sigftrace's own
# codec (cli/lib/sf-zstd-*.c), 600 KB smaller in a static binary than
# libzstd's every compression strategy and legacy decoder. NO_ZSTD=1: no zstd
# at all, sigftrace writes and reads v6 only.
ifneq ($(NO_ZSTD),1)
ZSTD_CFLAGS := -DSF_HAVE_ZSTD
ifeq ($(STATIC),1)
OWN_ZSTD ?= 1
endif
ifneq ($(OWN_ZSTD),1)
HAVE_LIBZSTD := $(shell $(PKG_CONFIG) --exists libzstd 2>/dev/null && echo 1)
endif
ifeq ($(HAVE_LIBZSTD),1)
ZSTD_PKG := libzstd
ZSTD_CFLAGS += -DSF_LIBZSTD
endif
else ifneq ($(NEED_CHECK),)
$(info note: building without zstd (NO_ZSTD=1): sigftrace writes trace.dat version 6 only and cannot read zstd-compressed (version 7) files)
endif
# the tests compare our codec and files with libzstd's
ifneq ($(filter check unit unit-bin e2e bench cross-unit fuzz fuzz-check fuzz-bins,$(MAKECMDGOALS)),)
ifneq ($(shell $(PKG_CONFIG) --exists libzstd 2>/dev/null && echo 1),1)
$(error the tests need libzstd (Debian: libzstd-dev): they compare our zstd codec and trace.dat files with libzstd's)
endif
endif
TEST_ZSTD_CFLAGS := $(shell $(PKG_CONFIG) --cflags libzstd 2>/dev/null)
TEST_ZSTD_LIBS := $(shell $(PKG_CONFIG) --libs libzstd 2>/dev/null)

# sigftrace reads trace.dat itself (cli/lib/sf-datread*.c): libtracecmd is only the
# second reader of the tests (differential test, unit tests), where it exists
DEP_PKGS := libtracefs libtraceevent $(ZSTD_PKG) zlib

# the unit tests' framework, from the target's pkg-config like the libraries
HAVE_CUNIT := $(shell $(PKG_CONFIG) --exists cunit 2>/dev/null && echo 1)
CUNIT_CFLAGS := $(shell $(PKG_CONFIG) --cflags cunit 2>/dev/null)
CUNIT_LIBS := $(shell $(PKG_CONFIG) --libs cunit 2>/dev/null)

TEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags libtraceevent 2>/dev/null)
DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEP_PKGS) 2>/dev/null)
ifeq ($(STATIC),1)
# one binary without shared libraries (routers): every library's .a, from pkg-config
ifeq ($(SANITIZE),1)
$(error STATIC=1 and SANITIZE=1 cannot be combined: the sanitizers' runtimes are shared libraries)
endif
DEP_LIBS := $(shell $(PKG_CONFIG) --static --libs $(DEP_PKGS) 2>/dev/null)
# unused functions of our objects and of the archives' members go too
STATIC_CFLAGS := -ffunction-sections -fdata-sections -DSF_STATIC
STATIC_LDFLAGS := -static -Wl,--gc-sections
else
DEP_LIBS := $(shell $(PKG_CONFIG) --libs $(DEP_PKGS) 2>/dev/null)
endif
HAVE_TRACECMD := $(shell $(PKG_CONFIG) --atleast-version=1.3 libtracecmd 2>/dev/null && echo 1)
ifeq ($(HAVE_TRACECMD),1)
TRACECMD_CFLAGS := -DSF_HAVE_TRACECMD=1 $(shell $(PKG_CONFIG) --cflags libtracecmd 2>/dev/null)
TRACECMD_LIBS := $(shell $(PKG_CONFIG) --libs libtracecmd 2>/dev/null)
endif

# --- flags ------------------------------------------------------------------------
CFLAGS ?= -O2 -g -Wall -Wextra
SF_REQ_CFLAGS := -std=gnu11 -D_GNU_SOURCE -DSIGFTRACE_VERSION='"$(VERSION)"' \
	-I$(srctree)/plugin -I$(srctree)/cli/lib -I$(srctree)/cli -I$(OUT)/cli -MMD -MP $(ZSTD_CFLAGS)
ifeq ($(WERROR),1)
SF_REQ_CFLAGS += -Werror
endif
ifeq ($(FUZZ_BUILD),1)
# libFuzzer's coverage in every object, its main() only in the harnesses
SAN_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
else ifeq ($(SANITIZE),1)
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif
ALL_CFLAGS = $(SYSROOT_FLAGS) $(SF_REQ_CFLAGS) $(DEP_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(EXTRA_CFLAGS) \
	$(STATIC_CFLAGS)
PLUGIN_CFLAGS = $(SYSROOT_FLAGS) $(SF_REQ_CFLAGS) $(TEP_CFLAGS) $(CPPFLAGS) $(CFLAGS) \
	$(EXTRA_CFLAGS) -fPIC -fvisibility=hidden
ALL_LDFLAGS = $(SYSROOT_FLAGS) $(SYSROOT_LDFLAGS) $(LDFLAGS)

# --- sources ----------------------------------------------------------------------
COMMON_SRC := plugin/sigftrace-render.c plugin/sigftrace-signames.c
CLI_SRC := $(filter-out cli/sigftrace.c,$(patsubst $(srctree)/%,%,$(wildcard $(srctree)/cli/*.c \
	$(srctree)/cli/lib/*.c)))
UNIT_SRC := $(patsubst $(srctree)/%,%,$(wildcard $(srctree)/tests/unit/*.c))

COMMON_OBJ := $(patsubst %.c,$(OUT)/%.o,$(COMMON_SRC))
CLI_OBJ := $(patsubst %.c,$(OUT)/%.o,$(CLI_SRC))
MAIN_OBJ := $(OUT)/cli/sigftrace.o
UNIT_OBJ := $(patsubst %.c,$(OUT)/%.o,$(UNIT_SRC))
PLUGIN_OBJ := $(patsubst %.c,$(OUT)/plugin/pic/%.o,plugin/plugin_sigftrace.c $(COMMON_SRC))

SIGFTRACE := $(OUT)/sigftrace
PLUGIN := $(OUT)/plugin/plugin_sigftrace.so
UNIT := $(OUT)/tests/unit/unit-tests
SINKDRV := $(OUT)/tests/svc/sinkdrv
TEST_PROGS := $(OUT)/tests/e2e/scenario $(OUT)/tests/bench/storm $(OUT)/tests/bench/churn $(SINKDRV) \
	$(OUT)/tests/e2e/datdiff

ifeq ($(NO_PLUGIN),1)
ALL_TARGETS := $(SIGFTRACE)
else
ALL_TARGETS := $(SIGFTRACE) $(PLUGIN)
endif

.PHONY: all cli plugin check unit e2e boot bench demo install install-plugin-user uninstall \
	install-scripts layers-check \
	clean deps help test-progs format-check unit-bin cross-unit doc install-doc install-doc-auto \
	install-completion install-service fuzz fuzz-check fuzz-bins
.DELETE_ON_ERROR:

all: $(ALL_TARGETS)
cli: $(SIGFTRACE)
plugin: $(PLUGIN)

# git describe of this tree only (not of a repository the tarball was unpacked
# in, as in Buildroot's and Yocto's work directories); empty outside git
$(OUT)/cli/version.h: FORCE
	@mkdir -p $(dir $@)
	@v=$$(cd $(srctree) && [ -e .git ] && git describe --always --dirty=+ 2>/dev/null); \
	 new="#define SIGFTRACE_GIT \"$$v\""; \
	 [ -f $@ ] && [ "$$(cat $@)" = "$$new" ] || echo "$$new" > $@
FORCE:

$(OUT)/cli/%.o: cli/%.c | $(OUT)/cli/version.h
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(OUT)/plugin/%.o: plugin/%.c
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(OUT)/tests/%.o: tests/%.c
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(CUNIT_CFLAGS) $(TRACECMD_CFLAGS) $(TEST_ZSTD_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

# The plugin is never sanitized: it is loaded into a non-ASan trace-cmd.
$(OUT)/plugin/pic/%.o: %.c
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(PLUGIN_CFLAGS) -c -o $@ $<

# through an archive: modules no command uses yet (and what they need of
# the libraries, getaddrinfo() of the sinks) stay out of the binary
CLI_LIB := $(OUT)/cli/libsigftrace.a
$(CLI_LIB): $(CLI_OBJ) $(COMMON_OBJ)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(SIGFTRACE): $(MAIN_OBJ) $(CLI_LIB)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $(ALL_LDFLAGS) $(STATIC_LDFLAGS) -o $@ $^ $(DEP_LIBS) -lpthread

# Linked without -ltraceevent: the host process (trace-cmd, KernelShark) supplies tep_*.
$(PLUGIN): $(PLUGIN_OBJ)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(ALL_LDFLAGS) -shared -nostartfiles -fPIC -o $@ $^

$(UNIT): $(UNIT_OBJ) $(CLI_OBJ) $(COMMON_OBJ)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $(ALL_LDFLAGS) -o $@ $^ $(TRACECMD_LIBS) $(DEP_LIBS) $(TEST_ZSTD_LIBS) $(CUNIT_LIBS) \
		-ldl -lpthread

# drives the service sinks with synthetic events for the real-service tests
$(SINKDRV): $(OUT)/tests/svc/sinkdrv.o $(CLI_OBJ) $(COMMON_OBJ)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS) -lpthread

$(OUT)/tests/e2e/scenario: tests/e2e/scenario.c
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 -D_GNU_SOURCE $(CFLAGS) $(if $(filter 1,$(WERROR)),-Werror) -pthread \
		$(ALL_LDFLAGS) -o $@ $<

# the differential test's tool: sigftrace's reader and, where it exists, libtracecmd
$(OUT)/tests/e2e/datdiff: $(OUT)/tests/e2e/datdiff.o $(CLI_OBJ) $(COMMON_OBJ)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $(ALL_LDFLAGS) -o $@ $^ $(TRACECMD_LIBS) $(DEP_LIBS) \
		$(TEST_ZSTD_LIBS) -lpthread

$(OUT)/tests/bench/%: tests/bench/%.c
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 -D_GNU_SOURCE $(CFLAGS) $(if $(filter 1,$(WERROR)),-Werror) -pthread \
		$(ALL_LDFLAGS) -o $@ $<

test-progs: $(TEST_PROGS)

# --- tests ------------------------------------------------------------------------
# libtracecmd 1.3.1 leaks a few bytes in tracecmd_open(): not ours to fix
TEST_ENV = LSAN_OPTIONS=suppressions=$(srctree)/tests/lsan.supp:print_suppressions=0 \
	ASAN_OPTIONS=fast_unwind_on_malloc=0 \
	SIGFTRACE=$(SIGFTRACE) PLUGIN_DIR=$(OUT)/plugin SRCTREE=$(srctree) \
	BUILD=$(OUT) SCENARIO=$(OUT)/tests/e2e/scenario STORM=$(OUT)/tests/bench/storm \
	SINKDRV=$(SINKDRV)

unit-bin: $(UNIT) $(PLUGIN)

# Builds in build-ARCH/ against tests/cross/sysroot.sh's sysroot, runs under qemu-ARCH-static.
cross-unit:
	$(Q)cd $(srctree) && sh tests/cross/unit.sh $(ARCH)

# CUnit is looked for before anything is built: without it the unit tests are
# skipped (an error in CI), not a compiler error
ifeq ($(HAVE_CUNIT),1)
unit: $(UNIT) $(PLUGIN)
	$(Q)cd $(srctree) && $(TEST_ENV) $(UNIT)
else
unit:
	@if [ -n "$$CI" ]; then echo "CUnit not found (install libcunit1-dev)"; exit 1; fi; \
		echo "CUnit not found, skipping unit tests (install libcunit1-dev)"
endif

e2e: all test-progs
	$(Q)cd $(srctree) && $(TEST_ENV) prove -f --exec sh tests/e2e/*.t

# The guests run the plain build: an ASan binary needs more than their 512 MiB.
# The systemd guest (tests/boot/systemd.sh) also runs the storm generator.
boot:
	$(Q)$(MAKE) --no-print-directory SANITIZE= O=$(srctree)/build cli \
		$(srctree)/build/tests/bench/storm
	$(Q)cd $(srctree) && SIGFTRACE=$(srctree)/build/sigftrace SRCTREE=$(srctree) \
		BUILD=$(srctree)/build STORM=$(srctree)/build/tests/bench/storm sh tests/boot/run.sh

check: layers-check unit e2e boot fuzz-check

# --- fuzzing ------------------------------------------------------------------------
# libFuzzer harnesses (tests/fuzz/) built with clang in build-fuzz/, every object
# with ASan+UBSan and coverage. `make fuzz` runs each for FUZZ_SECONDS on its
# corpus (committed seeds, the fixtures and, as root, fresh recordings by the
# plain build: tests/fuzz/gen-seeds.sh); `make check` runs each for
# FUZZ_CHECK_SECONDS (7 x 12 s), after the inputs of every crash fixed.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CHECK_SECONDS ?= 12
FUZZ_NAMES := report textin pages kfilter options zstd zstd-enc
# known crashes, not fixed yet (issue 13): reported, not failing the run
FUZZ_TODO ?=
FUZZ_OUT := $(srctree)/build-fuzz
FUZZ_BINS := $(patsubst %,$(OUT)/tests/fuzz/fuzz-%,$(FUZZ_NAMES))
FUZZ_CFLAGS = -DFUZZ_FORMATS='"$(srctree)/tests/fuzz/formats"' -I$(srctree)/tests/fuzz

fuzz-bins: $(FUZZ_BINS)

$(OUT)/tests/fuzz/%.o: tests/fuzz/%.c
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(FUZZ_CFLAGS) $(TEST_ZSTD_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

# the dispatcher's main() under another name, for the options harness
$(OUT)/tests/fuzz/sigftrace-main.o: cli/sigftrace.c | $(OUT)/cli/version.h
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -Dmain=sigftrace_main -c -o $@ $<

$(OUT)/tests/fuzz/fuzz-options: $(OUT)/tests/fuzz/sigftrace-main.o
$(OUT)/tests/fuzz/fuzz-options: FUZZ_LDFLAGS := -Wl,--wrap=sf_tracefs_ready

$(FUZZ_BINS): $(OUT)/tests/fuzz/fuzz-%: $(OUT)/tests/fuzz/fuzz-%.o $(OUT)/tests/fuzz/fuzz-common.o \
		$(CLI_OBJ) $(COMMON_OBJ)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) -fsanitize=fuzzer,address,undefined $(ALL_LDFLAGS) $(FUZZ_LDFLAGS) \
		-o $@ $(filter %.o,$^) $(DEP_LIBS) $(TEST_ZSTD_LIBS) -lpthread

# The harnesses need clang and its runtime (Debian: clang, libclang-rt-14-dev).
fuzz fuzz-check:
	@if ! command -v $(FUZZ_CC) > /dev/null; then \
		if [ -n "$$CI" ]; then echo "$(FUZZ_CC) not found (make deps)"; exit 1; fi; \
		echo "$(FUZZ_CC) not found, skipping the fuzz harnesses (apt-get install clang)"; \
		exit 0; fi; \
	$(MAKE) --no-print-directory FUZZ_BUILD=1 SANITIZE= O= CC=$(FUZZ_CC) fuzz-bins && \
	$(MAKE) --no-print-directory SANITIZE= O=$(srctree)/build cli \
		$(srctree)/build/tests/e2e/scenario && \
	cd $(srctree) && FUZZ_BIN=$(FUZZ_OUT)/tests/fuzz FUZZ_OUT=$(FUZZ_OUT)/fuzz FUZZ_TODO='$(FUZZ_TODO)' \
		LSAN_OPTIONS=suppressions=$(srctree)/tests/lsan.supp:print_suppressions=0 \
		sh tests/fuzz/run.sh $(if $(filter fuzz-check,$@),$(FUZZ_CHECK_SECONDS),$(FUZZ_SECONDS)) \
		$(FUZZ_NAMES)

# the structure rules: the layer order of includes, libtracefs and the rings
# in one file each, no printing below the commands, no file over 900 lines
layers-check:
	$(Q)sh $(srctree)/tests/layers.sh

# Record while a few known signals are sent, then print them.
demo: all test-progs
	$(Q)$(SIGFTRACE) stream -- $(OUT)/tests/e2e/scenario

bench: all test-progs
	$(Q)cd $(srctree) && $(TEST_ENV) sh tests/bench/bench.sh

format-check:
	$(Q)cd $(srctree) && clang-format --dry-run --Werror plugin/*.[ch] cli/*.[ch] cli/lib/*.[ch] tests/unit/*.c \
		tests/e2e/*.c tests/bench/*.c tests/svc/*.c tests/fuzz/*.[ch]

# --- documentation ------------------------------------------------------------------
# Man pages from Documentation/*.rst with rst2man (Debian: python3-docutils).
# Built pages are not committed. `make install` installs them when rst2man is
# there and says so when it is not, so that documentation never breaks an
# install (Buildroot and OpenWrt pass NO_DOC=1); the Debian package passes
# DOC=1 so that a missing rst2man fails its build instead of losing the pages.
RST2MAN ?= rst2man
MAN_SRC := $(wildcard $(srctree)/Documentation/*.[178].rst)
MAN_PAGES := $(patsubst $(srctree)/Documentation/%.rst,$(OUT)/Documentation/%,$(MAN_SRC))
# reproducible: the packager's SOURCE_DATE_EPOCH, else the last commit's date
DOC_DATE = $(shell d=$${SOURCE_DATE_EPOCH:-$$(git -C $(srctree) log -1 --format=%ct 2>/dev/null)}; \
	date -u $${d:+-d @$$d} +%Y-%m-%d)

doc: $(MAN_PAGES)

$(OUT)/Documentation/%: Documentation/%.rst $(wildcard $(srctree)/Documentation/common_*.rst) \
		$(srctree)/Makefile
	$(call msg,RST2MAN,$@)
	@mkdir -p $(dir $@)
	@command -v $(RST2MAN) > /dev/null || \
		{ echo "$(RST2MAN) not found: install python3-docutils (Debian) or docutils"; exit 1; }
	$(Q)cd $(srctree)/Documentation && \
		sed -e 's/@VERSION@/$(VERSION)/' -e 's/@DATE@/$(DOC_DATE)/' $(notdir $<) | \
		$(RST2MAN) --halt=warning > $@.tmp && mv $@.tmp $@

install-doc: doc
	$(INSTALL) -d $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(mandir)/man7 $(DESTDIR)$(mandir)/man8
	$(Q)for p in $(MAN_PAGES); do \
		$(INSTALL) -m 644 $$p $(DESTDIR)$(mandir)/man$${p##*.}/ || exit 1; done

ifeq ($(NO_DOC),1)
install-doc-auto:
else ifeq ($(DOC),1)
install-doc-auto: install-doc
else ifneq ($(shell command -v $(RST2MAN) 2>/dev/null),)
install-doc-auto: install-doc
else
install-doc-auto:
	@echo "note: $(RST2MAN) not found, man pages not installed (install python3-docutils and run 'make install-doc'; NO_DOC=1 silences this)"
endif

# --- install ------------------------------------------------------------------------
install: all install-scripts install-completion install-doc-auto \
	$(if $(filter 1,$(NO_SERVICE)),,install-service)
	$(INSTALL) -d $(DESTDIR)$(bindir)
	$(INSTALL) -m 755 $(SIGFTRACE) $(DESTDIR)$(bindir)/sigftrace
ifneq ($(NO_PLUGIN),1)
	$(INSTALL) -d $(DESTDIR)$(plugin_dir)
	$(INSTALL) -m 644 $(PLUGIN) $(DESTDIR)$(plugin_dir)/plugin_sigftrace.so
endif

# The scripts source their library from where it is installed: the SF_LIB=
# line (next to the script in the source tree) names it.
INSTALL_SCRIPT = sed 's|^SF_LIB=.*|SF_LIB=$(sf_datadir)/sigftrace-lib.sh|' $(1) > $(2).tmp && \
	grep -qx 'SF_LIB=$(sf_datadir)/sigftrace-lib.sh' $(2).tmp && chmod 755 $(2).tmp && \
	mv -f $(2).tmp $(2)

install-scripts:
	$(INSTALL) -d $(DESTDIR)$(bindir) $(DESTDIR)$(sf_datadir)
	$(INSTALL) -m 644 $(srctree)/scripts/sigftrace-lib.sh $(DESTDIR)$(sf_datadir)/sigftrace-lib.sh
	$(INSTALL) -m 644 $(srctree)/packaging/systemd/sigftrace.service.in \
		$(srctree)/packaging/systemd/sigftrace.default \
		$(srctree)/packaging/openwrt/sigftrace/files/sigftrace.init \
		$(srctree)/packaging/openwrt/sigftrace/files/sigftrace.config $(DESTDIR)$(sf_datadir)/
	$(call INSTALL_SCRIPT,$(srctree)/scripts/sigftrace-bootsetup,$(DESTDIR)$(bindir)/sigftrace-bootsetup)
	$(call INSTALL_SCRIPT,$(srctree)/scripts/sigftrace-hooks,$(DESTDIR)$(bindir)/sigftrace-hooks)

# The file is named after the command, as bash-completion's loader expects;
# the scripts' names point at the same file.
install-completion:
	$(INSTALL) -d $(DESTDIR)$(bashcompdir)
	$(INSTALL) -m 644 $(srctree)/completion/sigftrace.bash $(DESTDIR)$(bashcompdir)/sigftrace
	ln -sf sigftrace $(DESTDIR)$(bashcompdir)/sigftrace-bootsetup
	ln -sf sigftrace $(DESTDIR)$(bashcompdir)/sigftrace-hooks

# The service, part of install (NO_SERVICE=1 leaves it out): sigftrace.service
# with /etc/default/sigftrace (systemd; installed, not enabled: systemctl
# enable --now sigftrace), or /etc/init.d/sigftrace with /etc/config/sigftrace
# (OpenWrt's package installs those). An existing /etc/default/sigftrace is
# the admin's and stays.
install-service:
	$(INSTALL) -d $(DESTDIR)$(systemdunitdir) $(DESTDIR)$(sysconfdir)/default
	sed 's|@bindir@|$(bindir)|g' $(srctree)/packaging/systemd/sigftrace.service.in \
		> $(DESTDIR)$(systemdunitdir)/sigftrace.service
	chmod 644 $(DESTDIR)$(systemdunitdir)/sigftrace.service
	[ -e $(DESTDIR)$(sysconfdir)/default/sigftrace ] || $(INSTALL) -m 644 \
		$(srctree)/packaging/systemd/sigftrace.default $(DESTDIR)$(sysconfdir)/default/sigftrace

install-plugin-user: $(PLUGIN)
	$(INSTALL) -d $(user_plugin_dir)
	$(INSTALL) -m 644 $(PLUGIN) $(user_plugin_dir)/plugin_sigftrace.so

uninstall:
	rm -f $(DESTDIR)$(systemdunitdir)/sigftrace.service
	rm -f $(DESTDIR)$(bindir)/sigftrace $(DESTDIR)$(bindir)/sigftrace-bootsetup \
		$(DESTDIR)$(bindir)/sigftrace-hooks $(DESTDIR)$(plugin_dir)/plugin_sigftrace.so \
		$(DESTDIR)$(sf_datadir)/sigftrace-lib.sh \
		$(addprefix $(DESTDIR)$(sf_datadir)/,sigftrace.service.in sigftrace.default \
			sigftrace.init sigftrace.config) \
		$(addprefix $(DESTDIR)$(bashcompdir)/,sigftrace sigftrace-bootsetup sigftrace-hooks)
	$(Q)for p in $(notdir $(MAN_PAGES)); do rm -f $(DESTDIR)$(mandir)/man$${p##*.}/$$p; done

# Every build and test dependency on Debian 12 (clang and its runtime: the fuzz
# harnesses; clang-format comes from the same LLVM 14). The sink tests start their own
# systemd-journald, rsyslogd and prometheus-node-exporter and run promtool
# (package prometheus). The boot suite's arm64 and mipsel
# guests run cross-built binaries (cross compilers, qemu-user for their busybox;
# make cross-unit runs the armhf build too);
# their libraries come from tests/cross/sysroot.sh, never from apt-get install.
DEB_PACKAGES := build-essential pkg-config libtraceevent-dev libtracefs-dev libtracecmd-dev \
	libtraceevent1-plugin trace-cmd libcunit1-dev libzstd-dev zlib1g-dev jq graphviz \
	qemu-system-x86 busybox-static cpio clang-format time python3-docutils man-db \
	bash-completion debhelper lintian shellcheck \
	gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-mipsel-linux-gnu qemu-system-arm qemu-system-mips qemu-user-static \
	debootstrap e2fsprogs \
	systemd rsyslog prometheus prometheus-node-exporter curl \
	clang libclang-rt-14-dev
deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y $(DEB_PACKAGES)

clean:
	rm -rf $(OUT)

help:
	@sed -n '3,22p' $(srctree)/Makefile

-include $(shell find $(OUT) -name '*.d' 2>/dev/null)

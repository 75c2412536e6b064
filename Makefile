# SPDX-License-Identifier: GPL-2.0
#
# nflb: make builds the module and the userspace parts; see README.
#
# The kernel is chosen as DKMS and distributions do: KERNELRELEASE (default:
# the running kernel) and KDIR (default: /lib/modules/$(KERNELRELEASE)/build).
# CPPFLAGS, CFLAGS and LDFLAGS are the builder's (dpkg-buildflags'): added
# after ours, never replacing them.

# The one version: VERSION, also read by kmod/Kbuild, dkms.conf and debian/.
VERSION		:= $(shell cat $(dir $(lastword $(MAKEFILE_LIST)))VERSION)

KERNELRELEASE	?= $(shell uname -r)
KDIR		?= /lib/modules/$(KERNELRELEASE)/build
PREFIX		?= /usr/local
SBINDIR		?= $(PREFIX)/sbin
LIBDIR		?= $(PREFIX)/lib
INCLUDEDIR	?= $(PREFIX)/include
PKGCONFIGDIR	?= $(LIBDIR)/pkgconfig
MODDIR		?= /lib/modules/$(KERNELRELEASE)/updates
MANDIR		?= $(PREFIX)/share/man
BASHCOMPDIR	?= $(PREFIX)/share/bash-completion/completions
SYSTEMDUNITDIR	?= /lib/systemd/system

CC		?= cc
PKG_CONFIG	?= pkg-config
NL_CFLAGS	:= $(shell $(PKG_CONFIG) --cflags libnl-genl-3.0 2>/dev/null)
NL_LIBS		:= $(shell $(PKG_CONFIG) --libs libnl-genl-3.0 2>/dev/null)
JSON_CFLAGS	:= $(shell $(PKG_CONFIG) --cflags json-c 2>/dev/null)
JSON_LIBS	:= $(shell $(PKG_CONFIG) --libs json-c 2>/dev/null)
CURL_CFLAGS	:= $(shell $(PKG_CONFIG) --cflags libcurl 2>/dev/null)
CURL_LIBS	:= $(shell $(PKG_CONFIG) --libs libcurl 2>/dev/null)
# nflb-healthd tells systemd it is ready (Type=notify): sd_notify().
SYSTEMD_CFLAGS	:= $(shell $(PKG_CONFIG) --cflags libsystemd 2>/dev/null)
SYSTEMD_LIBS	:= $(shell $(PKG_CONFIG) --libs libsystemd 2>/dev/null)
CFLAGS		?= -O2 -g
WARN_CFLAGS	:= -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
		   -Wmissing-prototypes -Wno-unused-parameter
ALL_CFLAGS	= $(WARN_CFLAGS) -Iinclude/uapi -Ilib $(NL_CFLAGS) \
		  $(JSON_CFLAGS) -DNFLB_LIB_VERSION='"$(VERSION)"' \
		  $(CPPFLAGS) $(CFLAGS)

LIB_SONAME	:= libnflb.so.0
LIB_SO		:= lib/libnflb.so.$(VERSION)
LIB_A		:= lib/libnflb.a
LIB_OBJS	:= lib/libnflb.o lib/service.o lib/conn.o lib/event.o lib/apply.o \
		   lib/apply_plan.o lib/apply_sni.o lib/batch.o lib/names.o lib/sni.o
# The JSON readers' helpers, shared by nflbadm (apply) and nflb-healthd.
COMMON_OBJS	:= tools/common/jsonread.o
# ipvsadm's grammar, its printers and the commands in its syntax.
IPVSADM_OBJS	:= $(addprefix tools/nflbadm/ipvsadm/,parse.o convert.o state.o \
		   sni.o print.o run.o rules.o usage.o)
NFLBADM_OBJS	:= tools/nflbadm/main.o tools/nflbadm/base.o tools/nflbadm/info.o \
		   tools/nflbadm/config.o tools/nflbadm/apply.o tools/nflbadm/export.o \
		   tools/nflbadm/state.o tools/nflbadm/monitor.o \
		   tools/nflbadm/format.o tools/nflbadm/format_change.o \
		   tools/nflbadm/vocab.o \
		   tools/nflbadm/out.o $(IPVSADM_OBJS)
TOOLS		:= tools/nflbadm/nflbadm
HEALTHD_OBJS	:= tools/healthd/main.o tools/healthd/base.o tools/healthd/config.o \
		   tools/healthd/config_check.o \
		   tools/healthd/target.o tools/healthd/check_curl.o \
		   tools/healthd/check_exec.o
TOOLS		+= tools/healthd/nflb-healthd

TEST_PROGS	:= selftests/progs/nl_api selftests/progs/nl_sni \
		   selftests/progs/lbpeer selftests/progs/nl_fuzz

.PHONY: all modules userspace lib tools install install-module testprogs \
	install-userspace clean check demo deps
.PHONY: install-healthd

all: modules userspace

userspace: lib tools
lib: $(LIB_A) $(LIB_SO)
tools: $(TOOLS)

modules:
	@test -d "$(KDIR)" || { echo "nflb: no kernel build tree at $(KDIR); install linux-headers-$(KERNELRELEASE), or set KDIR=<tree> or KERNELRELEASE=<version>" >&2; exit 1; }
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" modules

$(LIB_OBJS) $(NFLBADM_OBJS) $(COMMON_OBJS): %.o: %.c
	@test -n "$(NL_LIBS)" || { echo "nflb: libnl-genl-3.0 not found; run scripts/install-deps.sh" >&2; exit 1; }
	@test -n "$(JSON_LIBS)" || { echo "nflb: json-c not found; run scripts/install-deps.sh" >&2; exit 1; }
	$(CC) $(ALL_CFLAGS) -fPIC -MMD -c -o $@ $<

$(LIB_A): $(LIB_OBJS)
	$(AR) rcs $@ $^

$(LIB_SO): $(LIB_OBJS) lib/libnflb.map
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(LIB_SONAME) \
		-Wl,--version-script=lib/libnflb.map -o $@ $(LIB_OBJS) $(NL_LIBS)

# Tools link the library statically: they run from the build tree as well.
tools/nflbadm/nflbadm: $(NFLBADM_OBJS) $(COMMON_OBJS) $(LIB_A)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(NL_LIBS) $(JSON_LIBS)

$(HEALTHD_OBJS): %.o: %.c
	@test -n "$(JSON_LIBS)" || { echo "nflb: json-c not found; run scripts/install-deps.sh" >&2; exit 1; }
	@test -n "$(CURL_LIBS)" || { echo "nflb: libcurl not found; run scripts/install-deps.sh" >&2; exit 1; }
	@test -n "$(SYSTEMD_LIBS)" || { echo "nflb: libsystemd not found; run scripts/install-deps.sh" >&2; exit 1; }
	$(CC) $(CURL_CFLAGS) $(SYSTEMD_CFLAGS) $(ALL_CFLAGS) -MMD -c -o $@ $<

tools/healthd/nflb-healthd: $(HEALTHD_OBJS) $(COMMON_OBJS) $(LIB_A)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(NL_LIBS) $(JSON_LIBS) $(CURL_LIBS) \
		$(SYSTEMD_LIBS)

# Programs the guest selftests run.
testprogs: $(TEST_PROGS)
selftests/progs/%: selftests/progs/%.c $(LIB_A)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -MMD -o $@ $< $(LIB_A) $(NL_LIBS)
# The netlink test programs share nl_test.c.
NL_TEST_PROGS	:= selftests/progs/nl_api selftests/progs/nl_sni
selftests/progs/nl_test.o: selftests/progs/nl_test.c
	$(CC) $(ALL_CFLAGS) -MMD -c -o $@ $<
$(NL_TEST_PROGS): selftests/progs/%: selftests/progs/%.c \
		selftests/progs/nl_test.o $(LIB_A)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -MMD -o $@ $< selftests/progs/nl_test.o $(LIB_A) \
		$(NL_LIBS)

# nl_fuzz writes its messages byte by byte: no library, only the uapi header.
selftests/progs/nl_fuzz: selftests/progs/nl_fuzz.c
	$(CC) $(WARN_CFLAGS) -Iinclude/uapi $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) \
		-MMD -o $@ $<

# Host unit tests: the parsers and printers alone, no kernel, no libnl.
# UNIT_VARIANT picks how: plain, c11 (-std=c11 -pedantic) or san (ASan and
# UBSan); every way without a compiler warning (-Werror).  `make unit`
# builds and runs all three; make check runs them through the host tests
# nflbadm_syntax and healthd_config, which call unit-build.
UNIT_VARIANT	?= plain
UNIT_DIR	?= build/unit/$(UNIT_VARIANT)
UNIT_CFLAGS_plain :=
UNIT_CFLAGS_c11	:= -std=c11 -pedantic
UNIT_CFLAGS_san	:= -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
UNIT_CFLAGS	= $(WARN_CFLAGS) -Werror -Iinclude/uapi -Ilib $(JSON_CFLAGS) \
		  $(UNIT_CFLAGS_$(UNIT_VARIANT))
UNIT_PROGS	:= test_ipvsadm test_sni test_state test_config
FORMAT_SRCS	:= tools/nflbadm/format.c tools/nflbadm/format_change.c \
		   tools/nflbadm/vocab.c tools/nflbadm/out.c
IPVSADM_SRCS	:= $(addprefix tools/nflbadm/ipvsadm/,parse.c convert.c \
		   state.c sni.c print.c) $(FORMAT_SRCS) lib/names.c
test_ipvsadm_SRCS := $(IPVSADM_SRCS) tools/nflbadm/ipvsadm/test_ipvsadm.c
test_ipvsadm_LIBS := $(JSON_LIBS)
test_sni_SRCS	:= $(IPVSADM_SRCS) tools/nflbadm/ipvsadm/test_sni.c
test_sni_LIBS	:= $(JSON_LIBS)
test_state_SRCS	:= tools/nflbadm/state.c tools/common/jsonread.c \
		   $(FORMAT_SRCS) lib/names.c tools/nflbadm/test_state.c
test_state_LIBS	:= $(JSON_LIBS)
test_config_SRCS := tools/healthd/config.c tools/healthd/config_check.c \
		   tools/common/jsonread.c \
		   lib/names.c tools/healthd/test_config.c
test_config_LIBS := $(JSON_LIBS)
define unit_prog
$(UNIT_DIR)/$(1): $$($(1)_SRCS) tools/common/tap.c
	@mkdir -p $$(@D)
	$$(CC) $$(UNIT_CFLAGS) -o $$@ $$^ $$($(1)_LIBS)
endef
$(foreach t,$(UNIT_PROGS),$(eval $(call unit_prog,$(t))))
.PHONY: unit unit-build
unit-build: $(addprefix $(UNIT_DIR)/,$(UNIT_PROGS))
unit:
	@selftests/host/nflbadm_syntax.sh && selftests/host/healthd_config.sh

# libFuzzer harnesses (clang), ASan and UBSan: the parsers of untrusted
# input.  `make fuzz` builds and runs them (selftests/host/fuzz.sh, which
# make check runs too); FUZZ_RUNS inputs each.
FUZZ_DIR	?= build/fuzz
FUZZ_CFLAGS	:= -g -O1 -fsanitize=fuzzer,address,undefined \
		   -fno-sanitize-recover=undefined -Iinclude/uapi -Ilib $(JSON_CFLAGS)
FUZZ_PROGS	:= fuzz_ipvsadm fuzz_sni fuzz_state fuzz_healthd
fuzz_ipvsadm_SRCS := tools/nflbadm/ipvsadm/fuzz_ipvsadm.c $(IPVSADM_SRCS)
fuzz_ipvsadm_LIBS := $(JSON_LIBS)
fuzz_sni_SRCS	:= tools/fuzz/fuzz_sni.c kmod/sni.c
fuzz_sni_FLAGS	:= -include tools/fuzz/sni_user.h
fuzz_state_SRCS	:= tools/nflbadm/fuzz_state.c tools/nflbadm/state.c \
		   tools/common/jsonread.c $(FORMAT_SRCS) lib/names.c
fuzz_state_LIBS	:= $(JSON_LIBS)
fuzz_healthd_SRCS := tools/healthd/fuzz_config.c tools/healthd/config.c \
		   tools/healthd/config_check.c \
		   tools/common/jsonread.c lib/names.c
fuzz_healthd_LIBS := $(JSON_LIBS)
define fuzz_prog
$(FUZZ_DIR)/$(1): $$($(1)_SRCS)
	@mkdir -p $$(@D)
	clang $$(FUZZ_CFLAGS) $$($(1)_FLAGS) -o $$@ $$^ $$($(1)_LIBS)
endef
$(foreach t,$(FUZZ_PROGS),$(eval $(call fuzz_prog,$(t))))
$(FUZZ_DIR)/nl_fuzz: selftests/progs/nl_fuzz.c
	@mkdir -p $(@D)
	clang -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-Iinclude/uapi -o $@ $<
.PHONY: fuzz fuzz-build
fuzz-build: $(addprefix $(FUZZ_DIR)/,$(FUZZ_PROGS) nl_fuzz)
fuzz:
	@NFLB_FUZZ_RUNS=$(or $(FUZZ_RUNS),300000) selftests/host/fuzz.sh

-include $(LIB_OBJS:.o=.d) $(NFLBADM_OBJS:.o=.d) $(TEST_PROGS:=.d)
-include selftests/progs/nl_test.d
-include $(HEALTHD_OBJS:.o=.d) $(COMMON_OBJS:.o=.d)

# What install puts where; uninstall removes the same files.
DKMS_SRCDIR	?= /usr/src/nflb-$(VERSION)
DKMS_FILES	:= Kbuild VERSION kmod/Kbuild $(wildcard kmod/*.[ch]) \
		   include/uapi/linux/nflb.h
LIB_FILES	:= $(LIBDIR)/libnflb.a $(LIBDIR)/libnflb.so.$(VERSION) \
		   $(LIBDIR)/$(LIB_SONAME) $(LIBDIR)/libnflb.so \
		   $(INCLUDEDIR)/nflb/libnflb.h $(INCLUDEDIR)/nflb/linux/nflb.h \
		   $(PKGCONFIGDIR)/libnflb.pc
NFLBADM_FILES	:= $(SBINDIR)/nflbadm $(MANDIR)/man8/nflbadm.8 \
		   $(BASHCOMPDIR)/nflbadm $(SYSTEMDUNITDIR)/nflb.service
HEALTHD_FILES	:= $(SBINDIR)/nflb-healthd $(MANDIR)/man8/nflb-healthd.8 \
		   $(SYSTEMDUNITDIR)/nflb-healthd.service

.PHONY: install-lib install-nflbadm install-dkms uninstall uninstall-dkms
install: install-module install-userspace
install-userspace: install-lib install-nflbadm install-healthd

install-module: modules
	install -D -m 644 kmod/nflb.ko "$(DESTDIR)$(MODDIR)/nflb.ko"
	@if [ -z "$(DESTDIR)" ]; then echo "depmod -a $(KERNELRELEASE)"; \
		depmod -a "$(KERNELRELEASE)"; fi

# libnflb: the shared and static library, headers and pkg-config file.
install-lib: lib
	install -D -m 644 $(LIB_A) "$(DESTDIR)$(LIBDIR)/libnflb.a"
	install -D -m 755 $(LIB_SO) "$(DESTDIR)$(LIBDIR)/libnflb.so.$(VERSION)"
	ln -sf libnflb.so.$(VERSION) "$(DESTDIR)$(LIBDIR)/$(LIB_SONAME)"
	ln -sf $(LIB_SONAME) "$(DESTDIR)$(LIBDIR)/libnflb.so"
	install -D -m 644 lib/libnflb.h "$(DESTDIR)$(INCLUDEDIR)/nflb/libnflb.h"
	install -D -m 644 include/uapi/linux/nflb.h \
		"$(DESTDIR)$(INCLUDEDIR)/nflb/linux/nflb.h"
	install -d "$(DESTDIR)$(PKGCONFIGDIR)"
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    lib/libnflb.pc.in >"$(DESTDIR)$(PKGCONFIGDIR)/libnflb.pc"

# nflbadm: the tool, its man page, its bash completion and nflb.service.
install-nflbadm: tools/nflbadm/nflbadm
	install -D -m 755 tools/nflbadm/nflbadm "$(DESTDIR)$(SBINDIR)/nflbadm"
	install -d "$(DESTDIR)$(MANDIR)/man8"
	sed 's|@VERSION@|$(VERSION)|' man/nflbadm.8 >"$(DESTDIR)$(MANDIR)/man8/nflbadm.8"
	install -D -m 644 completion/nflbadm.bash \
		"$(DESTDIR)$(BASHCOMPDIR)/nflbadm"
	install -d "$(DESTDIR)$(SYSTEMDUNITDIR)"
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' tools/nflbadm/nflb.service \
	    >"$(DESTDIR)$(SYSTEMDUNITDIR)/nflb.service"

# nflb-healthd: the daemon, its man page and its systemd unit.
install-healthd: tools/healthd/nflb-healthd
	install -D -m 755 tools/healthd/nflb-healthd "$(DESTDIR)$(SBINDIR)/nflb-healthd"
	install -d "$(DESTDIR)$(MANDIR)/man8"
	sed 's|@VERSION@|$(VERSION)|' man/nflb-healthd.8 \
		>"$(DESTDIR)$(MANDIR)/man8/nflb-healthd.8"
	install -d "$(DESTDIR)$(SYSTEMDUNITDIR)"
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' tools/healthd/nflb-healthd.service \
	    >"$(DESTDIR)$(SYSTEMDUNITDIR)/nflb-healthd.service"

# The module's source as DKMS takes it, its dkms.conf with the version
# written in (the Debian package nflb-dkms is this).
install-dkms:
	for f in $(DKMS_FILES); do \
		install -D -m 644 "$$f" "$(DESTDIR)$(DKMS_SRCDIR)/$$f" || exit 1; \
	done
	sed 's|^PACKAGE_VERSION=.*|PACKAGE_VERSION="$(VERSION)"|' dkms.conf \
		>"$(DESTDIR)$(DKMS_SRCDIR)/dkms.conf"

# Everything install put, with the same DESTDIR, PREFIX, KERNELRELEASE.
uninstall:
	rm -f $(foreach f,$(LIB_FILES) $(NFLBADM_FILES) $(HEALTHD_FILES) \
		$(MODDIR)/nflb.ko,"$(DESTDIR)$(f)")
	-rmdir "$(DESTDIR)$(INCLUDEDIR)/nflb/linux" "$(DESTDIR)$(INCLUDEDIR)/nflb"
	@if [ -z "$(DESTDIR)" ] && [ -d "/lib/modules/$(KERNELRELEASE)" ]; then \
		echo "depmod -a $(KERNELRELEASE)"; depmod -a "$(KERNELRELEASE)"; fi

uninstall-dkms:
	rm -rf "$(DESTDIR)$(DKMS_SRCDIR)"

# Debian packages (debian/) of the library, tools and DKMS source, no
# signing; dpkg-buildpackage writes them to the parent directory.
.PHONY: deb clean-userspace
deb:
	dpkg-buildpackage -us -uc -b

clean: clean-userspace
	@if [ -d "$(KDIR)" ]; then $(MAKE) -C "$(KDIR)" M="$(CURDIR)" clean; fi
	rm -rf build
clean-userspace:
	rm -f lib/*.o lib/*.d lib/*.a lib/*.so*
	rm -f tools/*/*.o tools/*/*.d tools/*/*/*.o tools/*/*/*.d $(TOOLS) $(TEST_PROGS) selftests/progs/*.d selftests/progs/*.o

# Tests and demo run in QEMU guests; they install what they need first.
deps:
	@scripts/install-deps.sh --check >/dev/null || scripts/install-deps.sh

check: deps
	@selftests/run.sh

demo: deps
	@selftests/demo.sh

# The netlink fuzzer's long run on the debug kernel (not part of check,
# which runs a short slice): FUZZ_COUNT messages, then kmemleak and the
# kernel log checked; Documentation/testing.rst, "Netlink fuzzer".
.PHONY: fuzz-kernel
FUZZ_COUNT	?= 1000000
fuzz-kernel: deps
	@T=nl_fuzz KERNELS=debug NFLB_FUZZ_COUNT=$(FUZZ_COUNT) \
		NFLB_TEST_TIMEOUT=$${NFLB_TEST_TIMEOUT:-14400} \
		NFLB_GUEST_TIMEOUT=$${NFLB_GUEST_TIMEOUT:-15000} selftests/run.sh

# Benchmarks (not part of check): nflb against IPVS and plain forwarding,
# one guest per kernel; Documentation/performance.rst.
.PHONY: bench bench-sni bench-healthd profile
bench: deps
	@selftests/bench/bench.sh

# SNI routing against plain forwarding, IPVS and HAProxy's req.ssl_sni, one
# guest (Documentation/sni.rst, "Performance"); BENCH_KERNEL=6.12 likewise.
bench-sni: deps
	@selftests/bench/run-guest.sh sni $(or $(BENCH_KERNEL),6.1)

# nflb-healthd's CPU time per check with 1000 real servers, one guest.
bench-healthd: deps
	@selftests/bench/run-guest.sh healthd $(or $(BENCH_KERNEL),6.1)

# Where the CPU goes in bench's workloads, nflb against IPVS (perf in the
# guest); BENCH_KERNEL=6.12 for the other kernel.
profile: deps
	@selftests/bench/run-guest.sh profile $(or $(BENCH_KERNEL),6.1)

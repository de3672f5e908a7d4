# SPDX-License-Identifier: GPL-2.0
################################################################################
#
# sigftrace
#
################################################################################

# Built from the tree this external is part of (packaging/buildroot):
#   make BR2_EXTERNAL=/path/to/sigftrace/packaging/buildroot menuconfig
# For a release tarball instead, set SIGFTRACE_SITE to its URL, drop
# SITE_METHOD and add a sigftrace.hash.
SIGFTRACE_VERSION = 0.2.0
SIGFTRACE_SITE = $(BR2_EXTERNAL_SIGFTRACE_PATH)/../..
SIGFTRACE_SITE_METHOD = local
SIGFTRACE_LICENSE = GPL-2.0 (program), LGPL-2.1 (plugin)
SIGFTRACE_LICENSE_FILES = COPYING COPYING.LIB
SIGFTRACE_DEPENDENCIES = host-pkgconf libtraceevent libtracefs zstd zlib

# CC, CFLAGS, LDFLAGS and PKG_CONFIG come from TARGET_CONFIGURE_OPTS (the
# Makefile keeps what the environment sets). The plugin directory is given
# rather than derived from pkg-config, whose --variable output may carry
# the staging sysroot. Man pages would be removed from the target anyway.
SIGFTRACE_MAKE_OPTS = \
	prefix=/usr \
	plugin_dir=/usr/lib/traceevent/plugins \
	bashcompdir=/usr/share/bash-completion/completions \
	NO_DOC=1 \
	NO_SERVICE=1 \
	V=1

define SIGFTRACE_BUILD_CMDS
	$(TARGET_MAKE_ENV) $(TARGET_CONFIGURE_OPTS) \
		$(MAKE) -C $(@D) $(SIGFTRACE_MAKE_OPTS) all
endef

define SIGFTRACE_INSTALL_TARGET_CMDS
	$(TARGET_MAKE_ENV) $(TARGET_CONFIGURE_OPTS) \
		$(MAKE) -C $(@D) $(SIGFTRACE_MAKE_OPTS) DESTDIR=$(TARGET_DIR) install
endef

# the service for the init system the image has (BR2_INIT_SYSTEMD)
define SIGFTRACE_INSTALL_INIT_SYSTEMD
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(SIGFTRACE_MAKE_OPTS) DESTDIR=$(TARGET_DIR) \
		systemdunitdir=/usr/lib/systemd/system install-service
endef

# signal:signal_generate needs CONFIG_EVENT_TRACING, which has no prompt:
# CONFIG_ENABLE_DEFAULT_TRACERS selects it (through CONFIG_TRACING)
define SIGFTRACE_LINUX_CONFIG_FIXUPS
	$(call KCONFIG_ENABLE_OPT,CONFIG_FTRACE)
	$(call KCONFIG_ENABLE_OPT,CONFIG_ENABLE_DEFAULT_TRACERS)
endef

$(eval $(generic-package))

################################################################################
#
# libtracecmd
#
################################################################################

# the trace-cmd release Buildroot's trace-cmd package uses
LIBTRACECMD_VERSION = 3.2
LIBTRACECMD_SOURCE = trace-cmd-v$(LIBTRACECMD_VERSION).tar.gz
LIBTRACECMD_SITE = https://git.kernel.org/pub/scm/utils/trace-cmd/trace-cmd.git/snapshot
LIBTRACECMD_LICENSE = LGPL-2.1
LIBTRACECMD_LICENSE_FILES = LICENSES/LGPL-2.1
LIBTRACECMD_INSTALL_STAGING = YES
LIBTRACECMD_DEPENDENCIES = host-pkgconf libtraceevent libtracefs zstd

LIBTRACECMD_MAKE_OPTS = \
	prefix=/usr \
	libdir_relative=lib \
	pkgconfig_dir=/usr/lib/pkgconfig \
	NO_PYTHON=1

# like Buildroot's trace-cmd package: trace-cmd defines _LARGEFILE64_SOURCE
# itself and breaks when it comes from the command line too
LIBTRACECMD_CFLAGS = $(filter-out -D_LARGEFILE64_SOURCE,$(TARGET_CFLAGS))
LIBTRACECMD_CPPFLAGS = $(filter-out -D_LARGEFILE64_SOURCE,$(TARGET_CPPFLAGS))

define LIBTRACECMD_BUILD_CMDS
	$(TARGET_MAKE_ENV) $(TARGET_CONFIGURE_OPTS) \
		CFLAGS="$(LIBTRACECMD_CFLAGS)" CPPFLAGS="$(LIBTRACECMD_CPPFLAGS)" \
		$(MAKE) -C $(@D) $(LIBTRACECMD_MAKE_OPTS) libs
endef

define LIBTRACECMD_INSTALL_STAGING_CMDS
	$(TARGET_MAKE_ENV) $(TARGET_CONFIGURE_OPTS) \
		CFLAGS="$(LIBTRACECMD_CFLAGS)" CPPFLAGS="$(LIBTRACECMD_CPPFLAGS)" \
		$(MAKE) -C $(@D) $(LIBTRACECMD_MAKE_OPTS) DESTDIR=$(STAGING_DIR) install_libs
endef

define LIBTRACECMD_INSTALL_TARGET_CMDS
	$(TARGET_MAKE_ENV) $(TARGET_CONFIGURE_OPTS) \
		CFLAGS="$(LIBTRACECMD_CFLAGS)" CPPFLAGS="$(LIBTRACECMD_CPPFLAGS)" \
		$(MAKE) -C $(@D) $(LIBTRACECMD_MAKE_OPTS) DESTDIR=$(TARGET_DIR) install_libs
endef

$(eval $(generic-package))

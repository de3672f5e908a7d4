# SPDX-License-Identifier: GPL-2.0
SUMMARY = "Who sent that signal? Every signal traced through ftrace"
DESCRIPTION = "sigftrace traces every signal through ftrace and prints it as \
(sender pid) --[SIGNAL]--> (receiver pid); it records trace.dat files for \
trace-cmd and KernelShark and traces boot and shutdown."
SECTION = "devel"
LICENSE = "GPL-2.0-only & LGPL-2.1-only"
LIC_FILES_CHKSUM = "file://COPYING;md5=b0269520f300b39f7bfbb008f5adb8a7 \
                    file://COPYING.LIB;md5=4fbd65380cdd255951079008b364516c"

# Built from the tree this recipe is part of (packaging/yocto); copy it into
# a layer and set EXTERNALSRC, or replace externalsrc by SRC_URI/SRCREV.
inherit externalsrc
EXTERNALSRC ?= "${@os.path.abspath(os.path.join(d.getVar('THISDIR'), '..', '..'))}"
# build outside the source tree (O=${B} below)
EXTERNALSRC_BUILD ?= "${WORKDIR}/build"

# libtraceevent and zlib are in OE-core, libtracefs in meta-oe
DEPENDS = "libtraceevent libtracefs zstd zlib"

# man pages with DISTRO_FEATURES api-documentation, like other recipes
inherit pkgconfig bash-completion manpages systemd
PACKAGECONFIG[manpages] = ",,python3-docutils-native"

# CC, CFLAGS, LDFLAGS and PKG_CONFIG come from the environment (the
# Makefile keeps them); the paths are given, not asked from pkg-config,
# whose --variable output may carry the sysroot. O= builds out of the tree.
EXTRA_OEMAKE = "\
    O=${B} \
    prefix=${prefix} \
    bindir=${bindir} \
    mandir=${mandir} \
    plugin_dir=${libdir}/traceevent/plugins \
    bashcompdir=${datadir}/bash-completion/completions \
    systemdunitdir=${systemd_system_unitdir} \
    sysconfdir=${sysconfdir} \
    ${@bb.utils.contains('PACKAGECONFIG', 'manpages', 'DOC=1', 'NO_DOC=1', d)} \
    V=1 \
"

do_compile() {
    oe_runmake -C ${S} all ${@bb.utils.contains('PACKAGECONFIG', 'manpages', 'doc', '', d)}
}

do_install() {
    oe_runmake -C ${S} DESTDIR=${D} install
}

# the service (stream to the journal, /etc/default/sigftrace): installed,
# not enabled
SYSTEMD_SERVICE:${PN} = "sigftrace.service"
SYSTEMD_AUTO_ENABLE:${PN} = "disable"
CONFFILES:${PN} = "${sysconfdir}/default/sigftrace"

# the plugin is for trace-cmd and KernelShark on the target, like
# libtraceevent's ${PN}-plugins
PACKAGES =+ "${PN}-plugin"
FILES:${PN}-plugin = "${libdir}/traceevent/plugins/plugin_sigftrace.so"
RRECOMMENDS:${PN} += "${PN}-plugin"

# signal:signal_generate needs CONFIG_FTRACE and CONFIG_EVENT_TRACING in the
# kernel (linux-yocto: the ftrace feature, features/ftrace/ftrace.scc)

// SPDX-License-Identifier: GPL-2.0
/*
 * sigftrace bootargs - the kernel command line that traces signals from the
 * first moment of boot, for the target kernel (not the host's).
 *
 * Facts (verified by booting Debian's 6.1 and 6.12 kernels, see the boot
 * tests): trace_event= works everywhere but fills the top-level buffer;
 * trace_instance=NAME,EVENTS exists from 6.3; the persistent buffer
 * (reserve_mem= + trace_instance=NAME^traceoff@LABEL) from 6.12, and it must
 * start with tracing off or the previous boot is lost or mixed; tp_printk
 * prints events on the console, tp_printk_stop_on_boot (5.14) stops it when
 * user space starts. The command line cannot carry event filters: only
 * bootconfig can.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "sf-cmds.h"
#include "sf-filter.h"
#include "sf-session.h"
#include "sf-cli.h"
#include "sf-util.h"

enum {
	OPT_KERNEL = 0x2000,
	OPT_PERSISTENT,
	OPT_CONSOLE,
	OPT_BOOTCONFIG,
	OPT_NOKASLR,
	OPT_ARCH,
};

#define SF_BOOT_INSTANCE "sigftrace"
/*
 * what attribution needs too: the program (exec), the cgroup (attach) and
 * the OOM killer's mark. The whole line stays far below the smallest
 * command line (1024 bytes: arm, riscv); an event a kernel lacks is skipped
 * by it with a message, the others still traced.
 */
#define SF_BOOT_EVENTS                                                                     \
	"signal:signal_generate,signal:signal_deliver,task:task_newtask,task:task_rename," \
	"sched:sched_process_exit,sched:sched_process_exec,cgroup:cgroup_attach_task,"     \
	"oom:mark_victim"

static const char bootargs_usage[] =
	"usage: sigftrace bootargs [--kernel X.Y] [--persistent | --console-at-shutdown]\n"
	"                          [--bootconfig] [-b KB] [--arch MACHINE] [filters]\n"
	"\n"
	"Print the kernel command-line fragment that traces every signal from early\n"
	"boot, for the TARGET kernel (default: the running one). Then read the boot's\n"
	"signals with 'sigftrace extract' (or 'sigftrace persist' after a reboot).\n"
	"\n"
	"      --kernel X.Y       target kernel version (6.1, 6.12, ...)\n"
	"      --persistent       keep the trace across a warm reboot: the shutdown of\n"
	"                         the previous boot is read at the next boot (>= 6.12)\n"
	"      --nokaslr          add nokaslr (keeps the persistent buffer in place)\n"
	"      --console-at-shutdown  print signals on the console during shutdown\n"
	"                         (receiver only); prints the hook to run at shutdown\n"
	"      --bootconfig       a bootconfig snippet instead, carrying the filters\n"
	"  -b, --buffer KB        ring buffer per CPU (persistent: total) in KiB\n"
	"      --arch MACHINE     signal numbers of the target (default: this machine)\n"
	"  -h, --help             this help\n"
	"\n" SF_FILTER_HELP "\n"
	"Examples:\n"
	"  # GRUB: append to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub\n"
	"  sigftrace bootargs\n"
	"  # an OpenWrt router with a 6.12 kernel: who kills what at reboot?\n"
	"  sigftrace bootargs --kernel 6.12 --persistent --nokaslr --arch mips\n";

/* parse_version - "6.12", "6.12.118+deb13-cloud-amd64" (uname -r), not "6.1x" */
static int parse_version(const char *s, int *major, int *minor)
{
	unsigned long a, b;
	char *end;

	/* digits only, and numbers a kernel version can have (no overflow) */
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	a = strtoul(s, &end, 10);
	if (errno || *end != '.' || end[1] < '0' || end[1] > '9' || a < 2 || a > 999)
		return -1;
	b = strtoul(end + 1, &end, 10);
	if (errno || b > 999 || !strchr(".-+_", *end))
		return -1;
	*major = (int)a;
	*minor = (int)b;
	return 0;
}

static bool at_least(int major, int minor, int want_major, int want_minor)
{
	return major > want_major || (major == want_major && minor >= want_minor);
}

int sf_cmd_bootargs(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kernel", required_argument, NULL, OPT_KERNEL },
		{ "persistent", no_argument, NULL, OPT_PERSISTENT },
		{ "console-at-shutdown", no_argument, NULL, OPT_CONSOLE },
		{ "bootconfig", no_argument, NULL, OPT_BOOTCONFIG },
		{ "nokaslr", no_argument, NULL, OPT_NOKASLR },
		{ "buffer", required_argument, NULL, 'b' },
		{ "arch", required_argument, NULL, OPT_ARCH },
		{ "help", no_argument, NULL, 'h' },
		SF_FILTER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const struct sigftrace_arch *arch = sigftrace_arch_host();
	bool persistent = false, console = false, bootconfig = false, nokaslr = false;
	struct sf_filter filter = { 0 };
	unsigned int kb = 0;
	struct utsname u;
	const char *kernel = NULL;
	char *gen = NULL, *del = NULL;
	char err[512];
	int major, minor, c, ret = SF_EXIT_USAGE;

	while ((c = sf_getopt(argc, argv, "+:hb:" SF_FILTER_SHORTOPTS, longopts, &filter,
			      bootargs_usage)) != -1) {
		switch (c) {
		case SF_GETOPT_HELP:
			ret = SF_EXIT_OK;
			goto out;
		case OPT_KERNEL:
			kernel = optarg;
			break;
		case OPT_PERSISTENT:
			persistent = true;
			break;
		case OPT_CONSOLE:
			console = true;
			break;
		case OPT_BOOTCONFIG:
			bootconfig = true;
			break;
		case OPT_NOKASLR:
			nokaslr = true;
			break;
		case 'b':
			if (sf_opt_buffer_kb(optarg, "KiB", &kb))
				goto out;
			break;
		case OPT_ARCH:
			if (sf_opt_arch(optarg, &arch))
				goto out;
			break;
		default:
			goto out;
		}
	}
	if (!sf_no_operands(argc, argv, NULL))
		goto out;
	if (persistent + console + bootconfig > 1) {
		sf_usage_err(
			"--persistent, --console-at-shutdown and --bootconfig are mutually exclusive");
		goto out;
	}
	if (nokaslr && !persistent) {
		sf_usage_err("--nokaslr goes with --persistent");
		goto out;
	}
	if (!kernel) {
		uname(&u);
		kernel = u.release;
	}
	if (parse_version(kernel, &major, &minor)) {
		sf_usage_err("bad kernel version \"%s\" (X.Y, e.g. 6.12)", kernel);
		goto out;
	}
	if (sf_filter_finalize(&filter, arch, err, sizeof(err))) {
		sf_usage_err("%s", err);
		goto out;
	}
	ret = SF_EXIT_ERROR;

	if (bootconfig) {
		/* the only boot-time way to set event filters (CONFIG_BOOT_CONFIG) */
		gen = sf_filter_kernel(&filter, "signal_generate", NULL, err, sizeof(err));
		del = gen ? sf_filter_kernel(&filter, "signal_deliver", NULL, err, sizeof(err)) :
			    NULL;
		if (!gen || !del) {
			sf_err("%s", err);
			goto out;
		}
		printf("ftrace.instance.%s {\n", SF_BOOT_INSTANCE);
		if (kb)
			printf("\tbuffer_size = %uKB\n", kb);
		printf("\tevents = \"signal:signal_generate\", \"signal:signal_deliver\", \"task:task_newtask\", \"task:task_rename\", \"sched:sched_process_exit\", \"sched:sched_process_exec\", \"cgroup:cgroup_attach_task\", \"oom:mark_victim\"\n");
		/* comms never hold quotes (the filter options refuse them) */
		if (*gen)
			printf("\tevent.signal.signal_generate.filter = '%s'\n", gen);
		if (*del)
			printf("\tevent.signal.signal_deliver.filter = '%s'\n", del);
		printf("}\n");
		if (sf_filter_kernel_wider(&filter))
			sf_info("the kernel selects threads, not processes, names, units or the kernel's killers: give --sender, --receiver, -p, --unit, --cgroup and --origin to 'sigftrace report' too");
		sf_info("the kernel needs CONFIG_BOOT_CONFIG and CONFIG_BOOTTIME_TRACING; append this to the initrd with 'bootconfig -a FILE initrd' and add 'bootconfig' to the command line");
		ret = SF_EXIT_OK;
		goto out;
	}
	if (!sf_filter_is_default(&filter))
		sf_info("the kernel command line cannot carry event filters: give them to 'sigftrace report' (or use --bootconfig)");

	if (console) {
		if (!at_least(major, minor, 5, 14)) {
			sf_err("--console-at-shutdown needs tp_printk_stop_on_boot (kernel >= 5.14), not %d.%d",
			       major, minor);
			goto out;
		}
		/* only signal_generate: it names the receiver, nothing else would */
		printf("tp_printk tp_printk_stop_on_boot trace_event=signal:signal_generate\n");
		sf_info("at shutdown, before init signals every process, run:\n"
			"    echo 1 > /proc/sys/kernel/tracepoint_printk\n"
			"(see scripts/sigftrace-hooks). The console then shows every signal, receiver only:\n"
			"    signal_generate: sig=15 errno=0 code=0 comm=sleep pid=85 grp=1 res=0\n"
			"Do not boot with 'quiet' (or add loglevel=5): it hides these lines.");
		ret = SF_EXIT_OK;
		goto out;
	}
	if (persistent) {
		if (!at_least(major, minor, 6, 12)) {
			sf_err("--persistent needs a persistent ring buffer (reserve_mem= and trace_instance=...@LABEL, kernel >= 6.12), not %d.%d",
			       major, minor);
			goto out;
		}
		/*
		 * a 32 MiB alignment keeps the area where the next boot finds it:
		 * with 4 KiB, a larger initramfs made the kernel drop the previous
		 * boot's buffer ("buffer invalid commit"), with and without KASLR
		 */
		printf("reserve_mem=%uK:0x2000000:%s trace_instance=%s^traceoff@%s," SF_BOOT_EVENTS
		       "%s\n",
		       kb ? kb : 4096, SF_BOOT_INSTANCE, SF_BOOT_INSTANCE, SF_BOOT_INSTANCE,
		       nokaslr ? " nokaslr" : "");
		sf_info("run 'sigftrace persist' early at every boot (scripts/sigftrace-hooks): it saves the previous boot, clears the buffer and starts tracing.");
		if (!nokaslr)
			sf_warn("with KASLR the kernel can land on the reserved memory and the previous boot is lost (2 of 27 warm reboots in our tests); add --nokaslr");
		ret = SF_EXIT_OK;
		goto out;
	}
	if (at_least(major, minor, 6, 3))
		printf("trace_instance=%s," SF_BOOT_EVENTS, SF_BOOT_INSTANCE);
	else
		printf("trace_event=" SF_BOOT_EVENTS);
	if (kb)
		printf(" trace_buf_size=%uK", kb);
	printf("\n");
	sf_info("after boot, save the signals with 'sigftrace extract%s'",
		at_least(major, minor, 6, 3) ? "" : " --top");
	ret = SF_EXIT_OK;
out:
	free(gen);
	free(del);
	sf_filter_free(&filter);
	return ret;
}

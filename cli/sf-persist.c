// SPDX-License-Identifier: GPL-2.0
/*
 * sigftrace persist - the early-boot step of the persistent ring buffer.
 *
 * With reserve_mem= and trace_instance=sigftrace^traceoff@LABEL (kernels
 * >= 6.12, see 'sigftrace bootargs --persistent') the instance's buffer
 * survives a warm reboot and comes up with tracing off. persist saves the
 * previous boot's events, clears the buffer, turns tracing on for this boot,
 * and writes the names of the running tasks into the buffer (trace_marker)
 * so that the next boot can name senders that were started before tracing
 * (init, early daemons): the kernel's comm cache belongs to the new boot.
 *
 * 'persist --mark', run at the start of shutdown by the hooks, writes the
 * same names again with the boot's identity and the kernel's overwrite
 * count: a buffer that wraps before the reboot has lost the first markers.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sf-cmds.h"
#include "sf-atomic.h"
#include "sf-datfile.h"
#include "sf-datread.h"
#include "sf-save.h"
#include "sf-session.h"
#include "sf-tracefs.h"
#include "sf-cli.h"
#include "sf-util.h"

#define SF_PERSIST_DEFAULT "/var/lib/sigftrace/previous-boot.dat"

enum {
	OPT_INSTANCE = 0x2000,
	OPT_MARK,
};

static const char persist_usage[] =
	"usage: sigftrace persist [--instance NAME] [-o FILE]\n"
	"       sigftrace persist --mark [--instance NAME]\n"
	"\n"
	"Run early at boot on a kernel booted with 'sigftrace bootargs --persistent':\n"
	"save the previous boot's signals (its shutdown included) to FILE, clear the\n"
	"persistent buffer and start tracing this boot. When the previous boot left\n"
	"nothing (a cold boot), an older FILE is moved to FILE.old.\n"
	"\n"
	"  -o, --output FILE      where to save (default " SF_PERSIST_DEFAULT ")\n"
	"      --instance NAME    the persistent instance (default sigftrace)\n"
	"      --mark             at the start of shutdown: write this boot's identity,\n"
	"                         the kernel's overwrite count and every task's name\n"
	"                         into the buffer (the hooks do), so that a buffer that\n"
	"                         wraps still names the shutdown's actors\n" SF_STATUS_HELP
	"  -h, --help             this help\n"
	"\n"
	"Example (the file is only written when the previous boot left events):\n"
	"  sigftrace persist; [ -f " SF_PERSIST_DEFAULT
	" ] && sigftrace report -i " SF_PERSIST_DEFAULT "\n";

/* mkdir_p - the directories of @path's parent */
static int mkdir_p(const char *path)
{
	char *dir = sf_xstrdup(path);
	char *p;
	int ret = 0;

	for (p = dir + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST) {
			ret = -1;
			break;
		}
		*p = '/';
	}
	free(dir);
	return ret;
}

/* mark - persist --mark: markers into the running boot's buffer */
static int mark(struct sf_trace *t, const char *instance)
{
	int n;

	if (sf_trace_is_on(t) != 1) {
		sf_err("cannot mark instance %s: tracing is off (did 'sigftrace persist' run at boot?)",
		       instance);
		return SF_EXIT_ERROR;
	}
	n = sf_names_mark(t, "shutdown");
	if (n < 0) {
		sf_err_errno("cannot write markers into instance %s", instance);
		return SF_EXIT_ERROR;
	}
	sf_info("marked the shutdown in instance %s (%d task names)", instance, n);
	return SF_EXIT_OK;
}

/*
 * move_aside - a cold boot: no previous buffer, so @output is from an older
 * boot and must not read as the last shutdown
 * Return: 0, or -1 after reporting why it is still there.
 */
static int move_aside(const char *output)
{
	struct sf_dat_meta meta = { 0 };
	struct sf_boot_info b;
	struct sf_buf who = { 0 };
	struct sf_buf old = { 0 };
	char err[256];
	int ret = 0;

	if (access(output, F_OK))
		return 0;
	if (!sf_dat_meta_read(output, &meta, err, sizeof(err)) && meta.sigftrace) {
		sf_boot_info_parse(meta.sigftrace, &b);
		sf_buf_printf(&who, "boot ");
		sf_boot_info_describe(&b, &who);
	} else {
		sf_buf_printf(&who, "an older boot");
	}
	sf_dat_meta_free(&meta);
	sf_buf_printf(&old, "%s.old", output);
	if (rename(output, sf_buf_str(&old))) {
		sf_err_errno("cannot move %s (%s, not the shutdown before this boot) to %s", output,
			     sf_buf_str(&who), sf_buf_str(&old));
		ret = -1;
	} else {
		sf_info("moved %s to %s: it holds %s, not the shutdown before this boot", output,
			sf_buf_str(&old), sf_buf_str(&who));
	}
	sf_buf_free(&who);
	sf_buf_free(&old);
	return ret;
}

/* report_saved - what persist saved, of which boot, and what the buffer lost */
static void report_saved(const struct sf_save_result *res, const char *output)
{
	struct sf_buf who = { 0 };

	sf_boot_info_describe(&res->boot, &who);
	sf_info("saved %llu events (%llu signals) of the previous boot %s to %s, %llu lost",
		res->events, res->signals, sf_buf_str(&who), output, res->lost);
	if (res->warning[0])
		sf_warn("%s", res->warning);
	if (res->boot.wrapped) {
		unsigned long long us = (res->boot.complete_from + 500) / 1000;

		if (res->boot.has_overrun)
			sf_warn("the buffer wrapped: at least %llu older events were overwritten before the reboot; the trace is complete from %llu.%06llu",
				res->overwritten, us / 1000000, us % 1000000);
		else
			sf_warn("the buffer wrapped: older events were overwritten before the reboot (how many is unknown: no shutdown mark); the trace is complete from %llu.%06llu",
				us / 1000000, us % 1000000);
		sf_hint("a bigger buffer keeps more of the boot: 'sigftrace bootargs --persistent -b KB'");
	}
	sf_buf_free(&who);
}

int sf_cmd_persist(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "instance", required_argument, NULL, OPT_INSTANCE },
		{ "mark", no_argument, NULL, OPT_MARK },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = SF_PERSIST_DEFAULT;
	const char *instance = "sigftrace";
	struct sf_trace t = { .trace_on_fd = -1 };
	struct sf_save_result res;
	struct sf_outfile outf;
	char err[512];
	bool quiet = false;
	char *info = NULL;
	int ret = SF_EXIT_ERROR;
	bool marking = false, stale = false;
	int c, r;

	while ((c = sf_getopt(argc, argv, "+:hqo:", longopts, NULL, persist_usage)) != -1) {
		switch (c) {
		case SF_GETOPT_HELP:
			return SF_EXIT_OK;
		case 'o':
			output = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case OPT_INSTANCE:
			if (sf_opt_instance(optarg, &instance))
				return SF_EXIT_USAGE;
			break;
		case OPT_MARK:
			marking = true;
			break;
		default:
			return SF_EXIT_USAGE;
		}
	}
	if (marking && strcmp(output, SF_PERSIST_DEFAULT)) {
		sf_usage_err("--mark writes no file (-o goes with saving)");
		return SF_EXIT_USAGE;
	}
	if (!sf_no_operands(argc, argv, NULL))
		return SF_EXIT_USAGE;
	if (sf_session_ready())
		return SF_EXIT_ERROR;
	if (sf_trace_open(&t, instance, err, sizeof(err))) {
		sf_err("%s", err);
		sf_hint("boot with the fragment of 'sigftrace bootargs --persistent' (kernel >= 6.12)");
		return SF_EXIT_ERROR;
	}
	info = sf_trace_file_read(&t, "last_boot_info", NULL);
	if (!info) {
		sf_err("instance %s is not a persistent ring buffer (it has no last_boot_info)",
		       instance);
		sf_hint("its boot parameter needs @LABEL with reserve_mem=, see 'sigftrace bootargs --persistent'");
		goto out;
	}
	if (marking) {
		ret = mark(&t, instance);
		goto out;
	}
	if (sf_trace_is_on(&t) == 1)
		sf_warn("tracing was already on in instance %s: the previous boot's events may be lost or mixed with this boot's (the boot parameter needs ^traceoff)",
			instance);
	if (mkdir_p(output)) {
		sf_err_errno("cannot create the directory of %s", output);
		goto out;
	}
	if (sf_outfile_open(&outf, output)) {
		sf_err_errno(
			"cannot write %s: the previous boot's events stay in instance %s, this boot is not traced",
			output, instance);
		goto out;
	}
	/* no live names: the kernel's comm cache and /proc are of this boot */
	sf_status_init(!quiet);
	r = sf_save_instance(&t, NULL, &outf, output, SF_DAT_DEFAULT_VERSION, &res,
			     sf_status_job("saving %s", output), err, sizeof(err));
	sf_outfile_abort(&outf);
	if (r < 0 && res.kept) {
		/* never clear what could not be saved: a persist that works saves it */
		sf_err("%s: the previous boot's events stay in instance %s, this boot is not traced",
		       err, instance);
		goto out;
	}
	if (r < 0) {
		/* read already: this boot is armed all the same, the error is the exit status */
		sf_err("%s: the previous boot's events are lost", err);
		stale = true;
	} else if (r > 0) {
		sf_info("the previous boot left no events in instance %s, %s not written: this is the first boot with the persistent buffer, the machine lost its RAM, or the kernel refused the old buffer ('dmesg | grep \"Ring buffer\"' says which; a KASLR kernel can land on it: boot with nokaslr)",
			instance, output);
		/* tracing is armed all the same, then the error is the exit status */
		stale = move_aside(output) != 0;
	} else {
		report_saved(&res, output);
	}

	/* clear whatever is left, then record this boot */
	if (sf_trace_clear(&t)) {
		sf_err_errno("cannot clear instance %s", instance);
		goto out;
	}
	sf_trace_enable_names(&t);
	if (sf_trace_on(&t)) {
		sf_err_errno("cannot turn tracing on in instance %s", instance);
		goto out;
	}
	r = sf_names_mark(&t, "armed");
	sf_info("tracing this boot in instance %s (%d task names kept for the next boot)", instance,
		r < 0 ? 0 : r);
	ret = stale ? SF_EXIT_ERROR : SF_EXIT_OK;
out:
	free(info);
	sf_trace_destroy(&t);
	return ret;
}

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
#include "sf-save.h"
#include "sf-session.h"
#include "sf-tracefs.h"
#include "sf-util.h"

#define SF_PERSIST_DEFAULT "/var/lib/sigftrace/previous-boot.dat"

enum {
	OPT_INSTANCE = 0x2000,
};

static const char persist_usage[] =
	"usage: sigftrace persist [--instance NAME] [-o FILE]\n"
	"\n"
	"Run early at boot on a kernel booted with 'sigftrace bootargs --persistent':\n"
	"save the previous boot's signals (its shutdown included) to FILE, clear the\n"
	"persistent buffer and start tracing this boot.\n"
	"\n"
	"  -o, --output FILE      where to save (default " SF_PERSIST_DEFAULT ")\n"
	"      --instance NAME    the persistent instance (default sigftrace)\n"
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

int sf_cmd_persist(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "instance", required_argument, NULL, OPT_INSTANCE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = SF_PERSIST_DEFAULT;
	const char *instance = "sigftrace";
	struct sf_trace t = { .trace_on_fd = -1 };
	struct sf_save_result res;
	char err[512];
	char *info = NULL;
	char *on = NULL;
	int ret = SF_EXIT_ERROR;
	int c, r, fd;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(persist_usage, stdout);
			return SF_EXIT_OK;
		case 'o':
			output = optarg;
			break;
		case OPT_INSTANCE:
			instance = optarg;
			break;
		default:
			sf_getopt_error(c, argv);
			return SF_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		sf_usage_err("unexpected argument \"%s\"", argv[optind]);
		return SF_EXIT_USAGE;
	}
	if (sf_session_ready()) {
		return SF_EXIT_ERROR;
	}
	if (sf_trace_open(&t, instance, err, sizeof(err))) {
		sf_err("%s", err);
		sf_hint("boot with the fragment of 'sigftrace bootargs --persistent' (kernel >= 6.12)");
		return SF_EXIT_ERROR;
	}
	info = tracefs_instance_file_read(t.inst, "last_boot_info", NULL);
	if (!info) {
		sf_err("instance %s is not a persistent ring buffer (it has no last_boot_info)",
		       instance);
		sf_hint("its boot parameter needs @LABEL with reserve_mem=, see 'sigftrace bootargs --persistent'");
		goto out;
	}
	on = tracefs_instance_file_read(t.inst, "tracing_on", NULL);
	if (on && on[0] == '1')
		sf_warn("tracing was already on in instance %s: the previous boot's events may be lost or mixed with this boot's (the boot parameter needs ^traceoff)",
			instance);
	if (mkdir_p(output)) {
		sf_err_errno("cannot create the directory of %s", output);
		goto out;
	}
	/* no live names: the kernel's comm cache and /proc are of this boot */
	r = sf_save_instance(&t, NULL, output, &res, err, sizeof(err));
	if (r < 0) {
		sf_err("%s", err);
		goto out;
	}
	if (r > 0)
		fprintf(stderr,
			"sigftrace persist: the previous boot left no events in instance %s, %s not written: this is the first boot with the persistent buffer, the machine lost its RAM, or the kernel refused the old buffer ('dmesg | grep \"Ring buffer\"' says which; a KASLR kernel can land on it: boot with nokaslr)\n",
			instance, output);
	else
		fprintf(stderr,
			"sigftrace persist: saved %llu events (%llu signals) of the previous boot to %s, %llu lost\n",
			res.events, res.signals, output, res.lost);

	/* clear whatever is left, then record this boot */
	{
		char *path = tracefs_instance_get_file(t.inst, "trace");

		fd = path ? open(path, O_WRONLY | O_TRUNC | O_CLOEXEC) : -1;
		tracefs_put_tracing_file(path);
		if (fd < 0) {
			sf_err_errno("cannot clear instance %s", instance);
			goto out;
		}
		close(fd);
	}
	sf_trace_enable_names(&t);
	if (sf_trace_on(&t)) {
		sf_err_errno("cannot turn tracing on in instance %s", instance);
		goto out;
	}
	{
		struct sf_comms *c = sf_comms_new();

		sf_comms_load_proc(c);
		r = sf_save_markers(&t, c);
		sf_comms_free(c);
	}
	fprintf(stderr,
		"sigftrace persist: tracing this boot in instance %s (%d task names kept for the next boot)\n",
		instance, r < 0 ? 0 : r);
	ret = SF_EXIT_OK;
out:
	free(info);
	free(on);
	sf_trace_destroy(&t);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * sigftrace report - print the signals of a trace.dat file (v6 or v7, ours
 * or trace-cmd's), read through libtracecmd and rendered by the shared
 * renderer (no plugin needed). Signal names follow the recorded machine's
 * architecture, taken from the file's UNAME option.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trace-cmd.h>

#include "sf-cmds.h"
#include "sf-datfile.h"
#include "sf-filter.h"
#include "sf-print.h"
#include "sf-util.h"

enum {
	OPT_FORMAT = 0x2000,
	OPT_ARCH,
	OPT_DELIVER,
};

static const char report_usage[] =
	"usage: sigftrace report [-i FILE] [OPTIONS]\n"
	"\n"
	"Print the signals recorded in a trace.dat file (sigftrace record, or trace-cmd\n"
	"record with -e signal, any file version) as\n"
	"  TIMESTAMP (SENDER PID) --[SIGNAL]--> (RECEIVER PID) [origin] [result] [thread]\n"
	"\n"
	"Input and output:\n"
	"  -i, --input FILE       trace.dat file (default sigftrace.dat)\n"
	"      --format FORMAT    default, seed (the original kernel patch's line) or json\n"
	"  -n, --numeric          signal numbers instead of names\n"
	"      --arch MACHINE     signal numbering of MACHINE (uname -m) instead of the file's\n"
	"      --deliver          also print signal_deliver events (handler, default action)\n"
	"\n" SF_FILTER_HELP "\n"
	"General:\n"
	"  -h, --help             this help\n"
	"\n"
	"Real-time signals are named from the kernel's first one: SIGRTMIN is signal 32\n"
	"(glibc's SIGRTMIN is 34 = SIGRTMIN+2 here, musl's 35 = SIGRTMIN+3).\n"
	"\n"
	"Examples:\n"
	"  # who sent SIGTERM or SIGKILL to procd?\n"
	"  sigftrace report -i reboot.dat --receiver procd -s TERM,KILL\n"
	"  # a trace recorded on a MIPS router\n"
	"  sigftrace report -i router.dat --arch mips\n"
	"  # JSON lines for jq\n"
	"  sigftrace report --format json | jq -r .receiver.comm\n";

struct report_opts {
	const char *input;
	const char *arch;
	struct sf_filter filter;
	enum sf_format format;
	bool numeric;
	bool deliver;
};

static int parse_format(const char *s, enum sf_format *f)
{
	if (!strcmp(s, "default"))
		*f = SF_FMT_DEFAULT;
	else if (!strcmp(s, "seed"))
		*f = SF_FMT_SEED;
	else if (!strcmp(s, "json"))
		*f = SF_FMT_JSON;
	else
		return -1;
	return 0;
}

static int parse_args(int argc, char **argv, struct report_opts *o)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "numeric", no_argument, NULL, 'n' },
		{ "arch", required_argument, NULL, OPT_ARCH },
		{ "deliver", no_argument, NULL, OPT_DELIVER },
		{ "help", no_argument, NULL, 'h' },
		SF_FILTER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	char err[512];
	int c;

	o->input = "sigftrace.dat";
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hi:n" SF_FILTER_SHORTOPTS, longopts, NULL)) != -1) {
		switch (sf_filter_option(&o->filter, c, optarg, err, sizeof(err))) {
		case 1:
			continue;
		case -1:
			sf_usage_err("%s", err);
			return -1;
		default:
			break;
		}
		switch (c) {
		case 'h':
			fputs(report_usage, stdout);
			return 1;
		case 'i':
			o->input = optarg;
			break;
		case 'n':
			o->numeric = true;
			break;
		case OPT_FORMAT:
			if (parse_format(optarg, &o->format)) {
				sf_usage_err("unknown format \"%s\" (default, seed, json)", optarg);
				return -1;
			}
			break;
		case OPT_ARCH:
			if (!sigftrace_arch_find(optarg)) {
				sf_usage_err(
					"unknown architecture \"%s\" (a uname -m name: x86_64, aarch64, mips, parisc64, alpha, sparc64...)",
					optarg);
				return -1;
			}
			o->arch = optarg;
			break;
		case OPT_DELIVER:
			o->deliver = true;
			break;
		default:
			sf_getopt_error(c, argv);
			return -1;
		}
	}
	if (optind < argc) {
		sf_usage_err("unexpected argument \"%s\" (the input file is given with -i)",
			     argv[optind]);
		return -1;
	}
	if (o->numeric && o->format == SF_FMT_JSON) {
		sf_usage_err("--numeric and --format json are mutually exclusive");
		return -1;
	}
	return 0;
}

static int on_record(struct tracecmd_input *h, struct tep_record *rec, int cpu, void *data)
{
	struct sf_printer *p = data;

	(void)h;
	(void)cpu;
	sf_printer_record(p, rec);
	return p->error ? -1 : 0;
}

/*
 * unknown_field - the first identifier of @expr that is not a field of @ev
 * (libtraceevent silently treats unknown fields as false; the kernel says
 * "Field not found", and so do we)
 */
static const char *unknown_field(struct tep_event *ev, const char *expr, char *name, size_t size)
{
	static const char *const generic[] = { "COMM", "comm", "CPU", "cpu", "common_cpu" };
	const char *p = expr;
	size_t i, n;

	while (*p) {
		if (*p == '"') {
			p = strchr(p + 1, '"');
			if (!p)
				return NULL;
			p++;
			continue;
		}
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) {
			/* numbers (0x1f too) are not names */
			while (*p >= '0' && *p <= '9') {
				p++;
				while ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') ||
				       (*p >= 'A' && *p <= 'F') || *p == 'x' || *p == 'X')
					p++;
			}
			if (*p)
				p++;
			continue;
		}
		for (n = 0; p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z') ||
			    (p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= '0' && p[n] <= '9');
		     n++)
			;
		snprintf(name, size, "%.*s", (int)n, p);
		p += n;
		for (i = 0; i < SF_ARRAY_SIZE(generic); i++) {
			if (!strcmp(name, generic[i]))
				break;
		}
		if (i == SF_ARRAY_SIZE(generic) && !tep_find_any_field(ev, name))
			return name;
	}
	return NULL;
}

/* compile_raw - -f EXPR for user space: libtraceevent's filter on signal_generate */
static struct tep_event_filter *compile_raw(struct tep_handle *tep, const char *expr)
{
	struct tep_event *ev = tep_find_event_by_name(tep, "signal", "signal_generate");
	struct tep_event_filter *f;
	char *str;
	char msg[256];
	enum tep_errno ret;

	if (ev && unknown_field(ev, expr, msg, sizeof(msg))) {
		sf_err("cannot apply filter \"%s\" to signal:signal_generate: Field not found: %s",
		       expr, msg);
		return NULL;
	}
	f = tep_filter_alloc(tep);
	if (!f)
		return NULL;
	if (asprintf(&str, "signal_generate:%s", expr) < 0) {
		tep_filter_free(f);
		return NULL;
	}
	ret = tep_filter_add_filter_str(f, str);
	free(str);
	if (ret < 0) {
		tep_filter_strerror(f, ret, msg, sizeof(msg));
		sf_err("cannot apply filter \"%s\" to signal:signal_generate: %s", expr, msg);
		tep_filter_free(f);
		return NULL;
	}
	return f;
}

int sf_cmd_report(int argc, char **argv)
{
	struct report_opts o = { 0 };
	struct sf_dat_meta meta = { 0 };
	const struct sigftrace_arch *arch;
	struct tracecmd_input *h = NULL;
	struct sf_printer p = { 0 };
	char err[512];
	int ret = SF_EXIT_ERROR;
	int r;

	r = parse_args(argc, argv, &o);
	if (r) {
		sf_filter_free(&o.filter);
		return r > 0 ? SF_EXIT_OK : SF_EXIT_USAGE;
	}
	if (access(o.input, R_OK)) {
		sf_err_errno("cannot read %s", o.input);
		goto out;
	}
	if (sf_dat_meta_read(o.input, &meta, err, sizeof(err))) {
		sf_err("cannot read %s: %s", o.input, err);
		goto out;
	}
	arch = o.arch ? sigftrace_arch_find(o.arch) : sigftrace_arch_find(meta.machine);
	if (!arch) {
		arch = sigftrace_arch_host();
		if (meta.machine)
			sf_warn("unknown machine \"%s\" in %s: using %s signal numbers (see --arch)",
				meta.machine, o.input, sigftrace_arch_name(arch));
	}
	if (sf_filter_finalize(&o.filter, arch, err, sizeof(err))) {
		sf_usage_err("%s", err);
		ret = SF_EXIT_USAGE;
		goto out;
	}
	tracecmd_set_loglevel(TEP_LOG_NONE);
	h = tracecmd_open(o.input, TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!h) {
		sf_err("cannot read %s: libtracecmd cannot open it (truncated or corrupted?)",
		       o.input);
		goto out;
	}
	signal(SIGPIPE, SIG_IGN);
	sf_printer_init(&p, tracecmd_get_tep(h), o.format, arch, STDOUT_FILENO);
	if (o.numeric)
		p.ropts.flags |= SIGFTRACE_FMT_NUMERIC;
	p.deliver = o.deliver;
	p.filter = &o.filter;
	if (o.filter.raw) {
		p.raw = compile_raw(p.tep, o.filter.raw);
		if (!p.raw)
			goto out;
	}
	if (p.id_gen < 0) {
		sf_err("%s has no signal:signal_generate events (recorded without -e signal?)",
		       o.input);
		goto out;
	}
	tracecmd_iterate_events(h, NULL, 0, on_record, &p);
	if (!p.error)
		sf_printer_flush(&p);
	if (p.error && p.error != EPIPE) {
		errno = p.error;
		sf_err_errno("cannot write the report");
		goto out;
	}
	if (p.lost || p.lost_marks || meta.overrun || meta.dropped)
		sf_warn("events were lost while recording: %llu marked in the pages%s, ring buffer stats: %llu overwritten, %llu dropped",
			p.lost, p.lost_marks ? " (plus pages with an unknown count)" : "",
			meta.overrun, meta.dropped);
	ret = SF_EXIT_OK;
out:
	if (p.raw)
		tep_filter_free(p.raw);
	sf_printer_free(&p);
	if (h)
		tracecmd_close(h);
	sf_dat_meta_free(&meta);
	sf_filter_free(&o.filter);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * sigftrace report - print the signals of a trace.dat file (v6 or v7, ours
 * or trace-cmd's), read by sf-datread and rendered by the shared
 * renderer (no plugin needed). Signal names follow the recorded machine's
 * architecture, taken from the file's UNAME option.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sf-cmds.h"
#include "sf-datread.h"
#include "sf-filter.h"
#include "sf-print.h"
#include "sf-save.h"
#include "sf-textin.h"
#include "sf-session.h"
#include "sf-util.h"

enum {
	OPT_FORMAT = 0x2000,
	OPT_ARCH,
	OPT_DELIVER,
	OPT_SUMMARY,
	OPT_KILLED,
	OPT_DOT,
	OPT_SVG,
	OPT_COLOR,
	OPT_KTHREADS,
};

static const char report_usage[] =
	"usage: sigftrace report [-i FILE] [OPTIONS]\n"
	"\n"
	"Print the signals recorded in a trace.dat file (sigftrace record, or trace-cmd\n"
	"record with -e signal, any file version) as\n"
	"  TIMESTAMP (SENDER PID) --[SIGNAL]--> (RECEIVER PID) [origin] [result] [thread]\n"
	"\n"
	"Every buffer of the file is read (trace-cmd record/extract -B keep events in\n"
	"instance buffers); when more than one holds events, lines end with\n"
	"\"instance NAME\". A file without any signal is an error (exit status 3).\n"
	"\n"
	"FILE may also be a text trace: the ftrace 'trace' file of any instance (the\n"
	"previous-boot format too), or a console/dmesg log of tp_printk (receiver only).\n"
	"\n"
	"Input and output:\n"
	"  -i, --input FILE       trace.dat or text trace (default sigftrace.dat)\n"
	"      --format FORMAT    default, seed (the original kernel patch's line) or json\n"
	"  -n, --numeric          signal numbers instead of names\n"
	"      --arch MACHINE     signal numbering of MACHINE (uname -m) instead of the file's\n"
	"      --deliver          also print signal_deliver events (handler, default action)\n"
	"      --color WHEN       colour fatal and ignored signals: auto, always, never\n"
	"      --kthreads         also the signals kernel threads ignore (kill(-1, ...) at\n"
	"                         shutdown reaches every one of them; hidden by default)\n"
	"\n"
	"Answers:\n"
	"      --summary          one row per sender, receiver and signal; broadcasts;\n"
	"                         results and delivery latency per signal\n"
	"      --killed           every process that died of a signal, and who sent it\n"
	"      --dot              a Graphviz graph of who signals whom\n"
	"      --svg FILE         the same graph drawn by dot into FILE\n"
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
	"  # JSON lines for jq, with each signal's fate\n"
	"  sigftrace report --format json | jq -r '.receiver.comm + \" \" + .fate.fate'\n"
	"  # who killed my daemon?\n"
	"  sigftrace report --killed\n";

struct report_opts {
	const char *input;
	const char *tasks; /* the file's tasks option: threads and kernel threads at the start */
	const char *arch;
	const char *svg;
	struct sf_filter filter;
	enum sf_format format;
	int color; /* -1 auto, 0 never, 1 always */
	bool numeric;
	bool deliver;
	bool summary;
	bool killed;
	bool dot;
	bool kthreads;
};

static int parse_args(int argc, char **argv, struct report_opts *o)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "numeric", no_argument, NULL, 'n' },
		{ "arch", required_argument, NULL, OPT_ARCH },
		{ "deliver", no_argument, NULL, OPT_DELIVER },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "killed", no_argument, NULL, OPT_KILLED },
		{ "dot", no_argument, NULL, OPT_DOT },
		{ "svg", required_argument, NULL, OPT_SVG },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "kthreads", no_argument, NULL, OPT_KTHREADS },
		{ "help", no_argument, NULL, 'h' },
		SF_FILTER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int c, r;

	o->input = "sigftrace.dat";
	o->color = -1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hi:n" SF_FILTER_SHORTOPTS, longopts, NULL)) != -1) {
		r = sf_session_filter_opt(&o->filter, c, optarg);
		if (r > 0)
			continue;
		if (r < 0)
			return -1;
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
			if (sf_format_parse(optarg, &o->format)) {
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
		case OPT_SUMMARY:
			o->summary = true;
			break;
		case OPT_KILLED:
			o->killed = true;
			break;
		case OPT_DOT:
			o->dot = true;
			break;
		case OPT_SVG:
			o->svg = optarg;
			break;
		case OPT_KTHREADS:
			o->kthreads = true;
			break;
		case OPT_COLOR:
			if (!strcmp(optarg, "auto"))
				o->color = -1;
			else if (!strcmp(optarg, "always"))
				o->color = 1;
			else if (!strcmp(optarg, "never"))
				o->color = 0;
			else {
				sf_usage_err("bad --color \"%s\" (auto, always, never)", optarg);
				return -1;
			}
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
	if ((o->summary || o->killed || o->dot || o->svg) && o->format != SF_FMT_DEFAULT) {
		sf_usage_err("--format and --summary/--killed/--dot/--svg are mutually exclusive");
		return -1;
	}
	return 0;
}

/* the event systems the pipeline decodes: the other formats are not parsed */
static const char *const report_systems[] = { "signal", "task", "sched", "ftrace", NULL };

/*
 * read_dat - every event of every buffer of @d, in time order, into @p.
 * When more than one buffer holds data, each line says its buffer ("" for
 * the top level: nothing in text, null in JSON).
 */
static int read_dat(const struct report_opts *o, struct sf_dat *d, struct sf_printer *p)
{
	const struct sf_dat_meta *meta = sf_dat_meta(d);
	struct tep_record rec;
	int with_data = 0;
	int buffer;
	int i, r = 0;

	for (i = 0; i < meta->nbuffers; i++)
		with_data += meta->buffers[i].bytes > 0;
	sf_dat_rewind(d);
	while (!p->error && (r = sf_dat_next(d, &rec, &buffer)) > 0) {
		p->buffer = with_data > 1 ? meta->buffers[buffer].name : NULL;
		sf_printer_record(p, &rec);
	}
	if (!p->error && r < 0) {
		sf_err("cannot read %s: %s", o->input, sf_dat_error(d));
		return -1;
	}
	return 0;
}

/*
 * on_text - one event of a text trace: a task is taken as its own process
 * where the text does not say which process it belongs to
 */
static int on_text(const struct sf_text_event *ev, void *data)
{
	struct sf_printer *p = data;
	struct sigftrace_ids ids = { ev->sender_comm,	 ev->sender_comm,    NULL,
				     ev->sig.sender_pid, ev->sig.sender_pid, ev->sig.pid };
	int tgid;

	p->events++;
	if (ev->type == SF_TEXT_EXIT) {
		tgid = ev->exit_tgid > 0 ? ev->exit_tgid : ev->exit_pid;
		/* a text trace tells no group_dead: the main thread's exit ends the process */
		sf_printer_exit(p, ev->ts, ev->exit_pid, tgid,
				tgid == ev->exit_pid ? ev->exit_comm : ev->sender_pcomm,
				tgid == ev->exit_pid);
		return 0;
	}
	if (ev->sender_tgid > 0 && ev->sender_tgid != ids.tid) {
		ids.pid = ev->sender_tgid;
		ids.comm = ev->sender_pcomm;
	}
	if (ev->receiver_tgid > 0 && ev->receiver_tgid != ev->sig.pid) {
		ids.rpid = ev->receiver_tgid;
		ids.rcomm = ev->receiver_pcomm;
	}
	if (ev->sig.kind == SIGFTRACE_EV_GENERATE) {
		p->signals++;
		sf_printer_signal(p, ev->ts, ev->cpu, &ev->sig, &ids, p->gen_seq++, false);
	} else {
		sf_printer_signal(p, ev->ts, ev->cpu, &ev->sig, &ids, 0, false);
	}
	return p->error ? -1 : 0;
}

/*
 * one_pass - read the whole input once into @p
 * Return: 0, -1 after reporting the error, or -2 after saying that the file
 * has no signal events at all (not even their format).
 */
static int one_pass(struct report_opts *o, struct sf_dat *d, const struct sigftrace_arch *arch,
		    struct sf_printer *p, int fd, struct sf_analysis *an,
		    const struct sf_analysis *fates)
{
	enum sf_format format = fd < 0 ? SF_FMT_DEFAULT : o->format;
	char err[512];
	int ret = -1;

	if (!d) {
		if (o->filter.nraws) {
			sf_err("-f works on trace.dat files only (kernel filter syntax on binary records)");
			return -1;
		}
		sf_printer_init(p, NULL, format, arch, fd);
	} else {
		sf_printer_init(p, sf_dat_tep(d), format, arch, fd);
		if (o->tasks)
			sf_comms_load_tasks(p->comms, o->tasks);
		if (p->id_gen < 0) {
			sf_err("no signal events in %s: it has no signal:signal_generate format (recorded without -e signal?)",
			       o->input);
			ret = -2;
			goto out;
		}
		if (sf_filter_compile_raw(&o->filter, tep_find_event(p->tep, p->id_gen), err,
					  sizeof(err))) {
			sf_err("%s", err);
			goto out;
		}
	}
	if (o->numeric)
		p->ropts.flags |= SIGFTRACE_FMT_NUMERIC;
	p->deliver = o->deliver;
	p->filter = &o->filter;
	p->eval_raw = true;
	p->an = an;
	p->fates = fates;
	p->kthreads = o->kthreads;
	p->color = fd >= 0 && o->format != SF_FMT_JSON &&
		   (o->color == 1 || (o->color < 0 && isatty(fd) && !getenv("NO_COLOR")));
	if (!d) {
		if (sf_text_read(o->input, on_text, p, err, sizeof(err))) {
			sf_err("cannot read %s: %s", o->input, err);
			goto out;
		}
	} else if (read_dat(o, d, p)) {
		goto out;
	}
	sf_printer_finish(p);
	if (!p->error && fd >= 0)
		sf_printer_flush(p);
	if (p->error && p->error != EPIPE) {
		errno = p->error;
		sf_err_errno("cannot write the report");
		goto out;
	}
	ret = 0;
out:
	return ret;
}

/*
 * no_signals - a file without a single signal is said so, never an empty
 * report: the signals may be in a buffer this file does not have, or the
 * recording missed them
 */
static int no_signals(const struct report_opts *o, const struct sf_dat_meta *meta)
{
	struct sf_buf names = { 0 };
	int i;

	for (i = 1; meta && i < meta->nbuffers; i++)
		sf_buf_printf(&names, ", instance \"%s\"", meta->buffers[i].name);
	if (names.len)
		sf_err("no signal events in %s (in any of its buffers: top level%s)", o->input,
		       sf_buf_str(&names));
	else
		sf_err("no signal events in %s", o->input);
	sf_buf_free(&names);
	return SF_EXIT_EMPTY;
}

/* draw_svg - the graph through Graphviz's dot into @file */
static int draw_svg(const struct sf_analysis *an, const char *file)
{
	int pfd[2], status;
	pid_t pid;
	FILE *f;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(pfd[0], STDIN_FILENO);
		close(pfd[0]);
		close(pfd[1]);
		execlp("dot", "dot", "-Tsvg", "-o", file, (char *)NULL);
		_exit(127);
	}
	close(pfd[0]);
	f = fdopen(pfd[1], "w");
	if (f) {
		sf_analysis_dot(an, f);
		fclose(f);
	} else {
		close(pfd[1]);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	if (WEXITSTATUS(status) == 127) {
		sf_err("cannot draw %s: Graphviz's dot is not installed (apt-get install graphviz)",
		       file);
		return -2;
	}
	return WEXITSTATUS(status) ? -1 : 0;
}

/*
 * boot_header - a previous boot's file (persist) says which boot it holds,
 * first, and whether its buffer wrapped before the reboot
 */
static void boot_header(const char *input, const struct sf_dat_meta *meta, struct sf_boot_info *b)
{
	struct sf_buf who = { 0 };
	unsigned long long us;

	if (!meta->sigftrace)
		return;
	sf_boot_info_parse(meta->sigftrace, b);
	sf_boot_info_describe(b, &who);
	fprintf(stderr, "sigftrace report: %s: boot %s\n", input, sf_buf_str(&who));
	sf_buf_free(&who);
	if (!b->wrapped)
		return;
	us = (b->complete_from + 500) / 1000;
	if (b->has_overrun)
		sf_warn("the buffer wrapped: at least %llu older events were overwritten; the trace is complete from %llu.%06llu",
			b->overrun, us / 1000000, us % 1000000);
	else
		sf_warn("the buffer wrapped: older events were overwritten (how many is unknown); the trace is complete from %llu.%06llu",
			us / 1000000, us % 1000000);
}

int sf_cmd_report(int argc, char **argv)
{
	struct report_opts o = { 0 };
	const struct sf_dat_meta *meta = NULL;
	struct sf_boot_info boot = { 0 };
	const struct sigftrace_arch *arch;
	struct sf_dat *d = NULL;
	struct sf_analysis *an = NULL;
	struct sf_printer p = { 0 };
	unsigned long long signals;
	bool answers, text;
	char err[512];
	int ret = SF_EXIT_ERROR;
	int fd = -1;
	int r;

	r = parse_args(argc, argv, &o);
	if (r) {
		sf_filter_free(&o.filter);
		return r > 0 ? SF_EXIT_OK : SF_EXIT_USAGE;
	}
	answers = o.summary || o.killed || o.dot || o.svg;
	if (access(o.input, R_OK)) {
		sf_err_errno("cannot read %s", o.input);
		goto out;
	}
	r = sf_text_detect(o.input);
	if (r < 0) {
		sf_err_errno("cannot read %s", o.input);
		goto out;
	}
	text = r == 1;
	if (!text) {
		fd = open(o.input, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			sf_err_errno("cannot read %s", o.input);
			goto out;
		}
		d = sf_dat_open(fd, report_systems, 0, err, sizeof(err));
		if (!d) {
			sf_err("cannot read %s: %s", o.input, err);
			goto out;
		}
		meta = sf_dat_meta(d);
		if (meta->bad_formats)
			sf_warn("%s: libtraceevent cannot parse %d event format%s (%s): %s events are not shown",
				o.input, meta->bad_formats, meta->bad_formats > 1 ? "s" : "",
				meta->bad_format ? meta->bad_format : "?",
				meta->bad_formats > 1 ? "their" : "its");
		if (meta->time_shift)
			sf_warn("%s: a guest's trace: its timestamps are the guest's clock, not mapped to the host's (TIME_SHIFT option)",
				o.input);
		boot_header(o.input, meta, &boot);
		o.tasks = meta->tasks;
	}
	arch = o.arch ? sigftrace_arch_find(o.arch) :
			sigftrace_arch_find(meta ? meta->machine : NULL);
	if (!arch) {
		arch = sigftrace_arch_host();
		if (meta && meta->machine)
			sf_warn("unknown machine \"%s\" in %s: using %s signal numbers (see --arch)",
				meta->machine, o.input, sigftrace_arch_desc(arch));
	}
	/* trace-cmd's plugin cannot read UNAME: it names signals with this machine's numbers */
	if (meta && meta->machine && sigftrace_arch_find(meta->machine) &&
	    sigftrace_arch_find(meta->machine) != sigftrace_arch_host())
		sf_hint("%s was recorded on %s, whose signal numbers differ from this machine's: in trace-cmd report and KernelShark give -O sigftrace:arch=%s",
			o.input, meta->machine, meta->machine);
	if (sf_filter_finalize(&o.filter, arch, err, sizeof(err))) {
		sf_usage_err("%s", err);
		ret = SF_EXIT_USAGE;
		goto out;
	}
	signal(SIGPIPE, SIG_IGN);

	/* answers, and the fates of JSON lines, need the whole trace first */
	if (answers || o.format == SF_FMT_JSON) {
		an = sf_analysis_new(arch);
		r = one_pass(&o, d, arch, &p, -1, an, NULL);
		sf_analysis_end(an);
		signals = p.signals;
		if (answers && p.malformed)
			sf_warn("%llu signal records of %s are shorter than their format: not counted",
				p.malformed, o.input);
		sf_printer_free(&p);
		memset(&p, 0, sizeof(p));
		if (r) {
			ret = r == -2 ? SF_EXIT_EMPTY : ret;
			goto out;
		}
		if (!signals) {
			ret = no_signals(&o, meta);
			goto out;
		}
	}
	if (answers) {
		if (o.summary)
			sf_analysis_summary(an, stdout);
		if (o.killed) {
			if (o.summary)
				printf("\n");
			sf_analysis_killed(an, stdout);
		}
		if (o.dot)
			sf_analysis_dot(an, stdout);
		if (fflush(stdout) && errno != EPIPE) {
			sf_err_errno("cannot write the report");
			goto out;
		}
		if (o.svg && draw_svg(an, o.svg)) {
			sf_err("cannot draw %s with dot", o.svg);
			goto out;
		}
		ret = SF_EXIT_OK;
		goto out;
	}
	r = one_pass(&o, d, arch, &p, STDOUT_FILENO, NULL, an);
	if (r) {
		ret = r == -2 ? SF_EXIT_EMPTY : ret;
		goto out;
	}
	if (!p.signals) {
		ret = no_signals(&o, meta);
		goto out;
	}
	if (p.malformed)
		sf_warn("%llu signal records of %s are shorter than their format: not shown",
			p.malformed, o.input);
	if (p.kthread_hidden)
		fprintf(stderr,
			"sigftrace report: %llu signals ignored by kernel threads not shown (--kthreads shows them)\n",
			p.kthread_hidden);
	if (meta && (p.lost || p.lost_marks || meta->overrun || meta->dropped))
		sf_warn("events were lost while recording: %llu marked in the pages%s, ring buffer stats: %llu overwritten, %llu dropped",
			p.lost, p.lost_marks ? " (plus pages with an unknown count)" : "",
			meta->overrun, meta->dropped);
	if (boot.wrapped && boot.has_overrun)
		sf_warn("events were lost: the buffer wrapped before the reboot, at least %llu older events overwritten",
			boot.overrun);
	else if (boot.wrapped)
		sf_warn("events were lost: the buffer wrapped before the reboot, an unknown number of older events overwritten");
	ret = SF_EXIT_OK;
out:
	sf_printer_free(&p);
	sf_analysis_free(an);
	sf_dat_close(d);
	if (fd >= 0)
		close(fd);
	sf_filter_free(&o.filter);
	return ret;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-ring - the one reader of the kernel's per-CPU ring buffers
 * (per_cpu/cpuN/trace_pipe_raw), for record, stream, extract, persist and
 * the tests.
 *
 * Reading consumes: a page read here is gone from the kernel, so every page
 * read goes somewhere safe (a file, or the caller's memory) before the next
 * is asked for, and the partly filled last page is taken too once tracing is
 * off. Pages are the ring buffer's sub-buffers, whose size comes from the
 * instance's events/header_page (sf_trace_page_size()), not the memory page
 * size: 6.7+ kernels let an instance use larger ones.
 *
 * Three ways to read:
 *   capture  one thread per CPU waits for the buffer_percent watermark and
 *            moves whole pages into a file with splice(2) through a pipe
 *            (no copy); at the stop it reads the rest (record);
 *   drain    everything left in one CPU's buffer into a file, now
 *            (extract, persist, the end of a capture);
 *   read     up to N pages of one CPU into memory (stream).
 *
 * Why not libtracefs' tracefs_cpu_open()/tracefs_cpu_write(): in 1.6.4
 * (Debian 12) tracefs_cpu_write() and tracefs_cpu_flush_write() lost most of
 * a CPU's data when the buffer did not reach the watermark before the stop
 * (20623 of 40000 storm signals in a recording, commit ddfba32); these
 * readers keep 40000 of 40000 (tests/e2e/lifecycle.t).
 *
 * Lower layer: nothing here prints or exits.
 */
#ifndef SF_RING_H
#define SF_RING_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "sf-tracefs.h"

struct sf_ring;

struct sf_ring_cpu {
	struct sf_ring *ring;
	pthread_t thread;
	int cpu;
	int fd; /* trace_pipe_raw, non-blocking */
	int out; /* capture: the CPU's file */
	int next_out; /* capture: the file to switch to (sf_ring_capture_switch()) */
	int sw[2]; /* capture: a byte here asks the thread to switch to @next_out */
	int err; /* capture: errno of a failure, 0 if none */
	bool started;
};

struct sf_ring {
	struct sf_ring_cpu *cpus;
	int ncpus;
	unsigned int page_size; /* the ring buffer's sub-buffer size */
	int stop[2]; /* capture: written once to wake the threads at the end */
	int ack[2]; /* capture: a byte from each thread that switched its file */
	bool switchable; /* sw and ack are open */
	/*
	 * capture: also move the full pages every @flush_ms without waiting for
	 * the watermark (0: at the watermark only), for a live count of what
	 * is on disk
	 */
	int flush_ms;
};

/**
 * sf_ring_open() - open every CPU's trace_pipe_raw of @t (non-blocking)
 * Return: 0, or -1 with errno and a message in @err.
 */
int sf_ring_open(struct sf_ring *r, struct sf_trace *t, char *err, size_t errsz);

/**
 * sf_ring_capture_start() - a thread per CPU moves pages into @out_fds[cpu]
 * as the kernel fills them
 * Return: 0, or -1 with errno and a message in @err (threads already
 * started are stopped by sf_ring_capture_stop() or sf_ring_close()).
 */
int sf_ring_capture_start(struct sf_ring *r, const int *out_fds, char *err, size_t errsz);

/**
 * sf_ring_capture_switch() - from the next page on, each CPU's pages go to
 * @out_fds[cpu]: the files given before hold whole pages, none lost, none
 * in two files (a flight recorder's rotation; tracing goes on meanwhile)
 * Return: 0 once every thread switched, or -1 with errno and a message in
 * @err.
 */
int sf_ring_capture_switch(struct sf_ring *r, const int *out_fds, char *err, size_t errsz);

/**
 * sf_ring_capture_stop() - end the capture: each thread reads what is left
 * (tracing must be off, so that it ends) and is joined
 * Return: 0, or -1 with errno and a message in @err for the first CPU whose
 * pages could not all be saved.
 */
int sf_ring_capture_stop(struct sf_ring *r, char *err, size_t errsz);

/**
 * sf_ring_drain() - append everything left in CPU @cpu's buffer to @out_fd,
 * a whole page per read, the partly filled last page included (zero-filled:
 * its header says how much is valid)
 * Return: pages written, or -1 with errno.
 */
long sf_ring_drain(struct sf_ring *r, int cpu, int out_fd);

/**
 * sf_ring_read() - up to @max_pages pages of CPU @cpu into @buf
 * @more: set when @max_pages were read (more may be waiting)
 * Return: bytes read, whole pages (a partial read is a whole page too).
 */
size_t sf_ring_read(struct sf_ring *r, int cpu, void *buf, size_t max_pages, bool *more);

/* sf_ring_fd() - CPU @cpu's file, to poll() for data */
static inline int sf_ring_fd(const struct sf_ring *r, int cpu)
{
	return r->cpus[cpu].fd;
}

/* sf_ring_close() - stop a capture still running, close everything */
void sf_ring_close(struct sf_ring *r);

#endif /* SF_RING_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * sf-ring - the per-CPU ring-buffer reader (see sf-ring.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sf-ring.h"
#include "sf-util.h"

#define SF_RING_PIPE (1 << 20) /* bytes a splice may move at once */

int sf_ring_open(struct sf_ring *r, struct sf_trace *t, char *err, size_t errsz)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->stop[0] = r->stop[1] = -1;
	r->ncpus = t->ncpus;
	r->page_size = sf_trace_page_size(t);
	r->cpus = sf_xcalloc((size_t)r->ncpus, sizeof(*r->cpus));
	for (i = 0; i < r->ncpus; i++) {
		r->cpus[i].ring = r;
		r->cpus[i].cpu = i;
		r->cpus[i].out = -1;
		r->cpus[i].fd = -1;
	}
	for (i = 0; i < r->ncpus; i++) {
		r->cpus[i].fd = sf_trace_raw_open(t, i);
		if (r->cpus[i].fd < 0) {
			snprintf(err, errsz, "cannot open the ring buffer of CPU %d: %s", i,
				 strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* a reader switches its file within this, or has failed */
#define SF_RING_SWITCH_MS 5000

/* move - splice everything in @pipe_rd (@n bytes) to @out */
static int move(int pipe_rd, int out, ssize_t n)
{
	while (n > 0) {
		ssize_t m = splice(pipe_rd, NULL, out, NULL, (size_t)n, SPLICE_F_MOVE);

		if (m < 0 && errno == EINTR)
			continue;
		if (m <= 0)
			return -1;
		n -= m;
	}
	return 0;
}

/*
 * capture - move whole pages from the CPU's trace_pipe_raw into its file
 *
 * poll() wakes at the instance's buffer_percent watermark; the pages go
 * through a pipe by splice (no copy). At the end, read() takes the rest,
 * including the partly filled page that splice never moves.
 */
static void *capture(void *arg)
{
	struct sf_ring_cpu *c = arg;
	struct pollfd pfd[3] = { { .fd = c->fd, .events = POLLIN },
				 { .fd = c->ring->stop[0], .events = POLLIN },
				 { .fd = c->sw[0], .events = POLLIN } };
	int p[2];
	ssize_t n;
	char b;

	if (pipe2(p, O_CLOEXEC)) {
		c->err = errno;
		return NULL;
	}
	fcntl(p[1], F_SETPIPE_SZ, SF_RING_PIPE);
	for (;;) {
		int r = poll(pfd, 3, c->ring->flush_ms > 0 ? c->ring->flush_ms : -1);

		if (r < 0 && errno != EINTR) {
			c->err = errno;
			break;
		}
		if (r > 0 && pfd[1].revents)
			break;
		/* between two batches of whole pages: the next ones go to the new file */
		if (r > 0 && pfd[2].revents && read(c->sw[0], &b, 1) == 1) {
			c->out = c->next_out;
			if (write(c->ring->ack[1], &b, 1) != 1) {
				c->err = errno ? errno : EIO;
				goto out;
			}
		}
		/* at the watermark, or the time to move the full pages (splice takes only those) */
		if (r < 0 || (r > 0 && !(pfd[0].revents & POLLIN)))
			continue;
		do {
			n = splice(c->fd, NULL, p[1], NULL, SF_RING_PIPE,
				   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
			if (n > 0 && move(p[0], c->out, n)) {
				c->err = errno ? errno : EIO;
				goto out;
			}
		} while (n > 0);
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			c->err = errno;
			goto out;
		}
	}
	/* tracing is off: everything left, the partial last page included */
	if (!c->err && sf_ring_drain(c->ring, c->cpu, c->out) < 0)
		c->err = errno;
out:
	close(p[0]);
	close(p[1]);
	return NULL;
}

int sf_ring_capture_start(struct sf_ring *r, const int *out_fds, char *err, size_t errsz)
{
	int i;

	if (r->stop[0] < 0 && pipe2(r->stop, O_CLOEXEC)) {
		snprintf(err, errsz, "cannot create a pipe: %s", strerror(errno));
		return -1;
	}
	if (!r->switchable) {
		if (pipe2(r->ack, O_CLOEXEC)) {
			snprintf(err, errsz, "cannot create a pipe: %s", strerror(errno));
			return -1;
		}
		for (i = 0; i < r->ncpus; i++) {
			if (pipe2(r->cpus[i].sw, O_CLOEXEC)) {
				snprintf(err, errsz, "cannot create a pipe: %s", strerror(errno));
				while (i--) {
					close(r->cpus[i].sw[0]);
					close(r->cpus[i].sw[1]);
				}
				close(r->ack[0]);
				close(r->ack[1]);
				return -1;
			}
		}
		r->switchable = true;
	}
	for (i = 0; i < r->ncpus; i++) {
		struct sf_ring_cpu *c = &r->cpus[i];

		c->out = out_fds[i];
		errno = pthread_create(&c->thread, NULL, capture, c);
		if (errno) {
			snprintf(err, errsz, "cannot start the reader of CPU %d: %s", i,
				 strerror(errno));
			return -1;
		}
		c->started = true;
	}
	return 0;
}

int sf_ring_capture_switch(struct sf_ring *r, const int *out_fds, char *err, size_t errsz)
{
	int i, asked = 0;
	char b;

	for (i = 0; i < r->ncpus; i++) {
		struct sf_ring_cpu *c = &r->cpus[i];

		if (!c->started)
			continue;
		c->next_out = out_fds[i];
		if (write(c->sw[1], "", 1) != 1) {
			snprintf(err, errsz, "cannot switch the reader of CPU %d: %s", i,
				 strerror(errno));
			return -1;
		}
		asked++;
	}
	/* each thread says it switched: the old files are complete from now on */
	while (asked) {
		struct pollfd pfd = { .fd = r->ack[0], .events = POLLIN };
		ssize_t n = 0;
		int pr = poll(&pfd, 1, SF_RING_SWITCH_MS);

		if (pr < 0 && errno == EINTR)
			continue;
		if (pr > 0)
			n = read(r->ack[0], &b, 1);
		if (n != 1) {
			/* a reader that failed is gone and never answers */
			snprintf(err, errsz, "cannot switch the readers to new files: %s",
				 pr < 0 || n < 0 ? strerror(errno) : "a reader does not answer");
			return -1;
		}
		asked--;
	}
	for (i = 0; i < r->ncpus; i++) {
		if (r->cpus[i].err) {
			errno = r->cpus[i].err;
			snprintf(err, errsz, "cannot save the ring buffer of CPU %d: %s", i,
				 strerror(errno));
			return -1;
		}
	}
	return 0;
}

int sf_ring_capture_stop(struct sf_ring *r, char *err, size_t errsz)
{
	int ret = 0;
	int i;

	if (r->stop[1] >= 0 && write(r->stop[1], "", 1) < 0 && !ret) {
		snprintf(err, errsz, "cannot stop the readers: %s", strerror(errno));
		ret = -1;
	}
	for (i = 0; i < r->ncpus; i++) {
		struct sf_ring_cpu *c = &r->cpus[i];

		if (!c->started)
			continue;
		pthread_join(c->thread, NULL);
		c->started = false;
		if (c->err && !ret) {
			snprintf(err, errsz, "cannot save the ring buffer of CPU %d: %s", i,
				 strerror(c->err));
			errno = c->err;
			ret = -1;
		}
	}
	return ret;
}

long sf_ring_drain(struct sf_ring *r, int cpu, int out_fd)
{
	/* capture threads drain at the same time: a page each */
	unsigned char *page = sf_xmalloc(r->page_size);
	size_t page_size = r->page_size;
	long pages = 0;
	ssize_t n;

	for (;;) {
		n = read(r->cpus[cpu].fd, page, page_size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((size_t)n < page_size)
			memset(page + n, 0, page_size - (size_t)n);
		if (write(out_fd, page, page_size) != (ssize_t)page_size) {
			n = -1;
			if (!errno)
				errno = EIO;
			break;
		}
		pages++;
	}
	free(page);
	if (n < 0 && errno != EAGAIN)
		return -1;
	return pages;
}

size_t sf_ring_read(struct sf_ring *r, int cpu, void *buf, size_t max_pages, bool *more)
{
	unsigned char *p = buf;
	size_t len = 0;

	*more = false;
	while (len < max_pages * r->page_size) {
		ssize_t n = read(r->cpus[cpu].fd, p + len, r->page_size);

		if (n <= 0)
			return len;
		/* a partial read is a whole page too: the header says how much is valid */
		len += r->page_size;
	}
	*more = true;
	return len;
}

void sf_ring_close(struct sf_ring *r)
{
	char err[256];
	int i;

	if (r->cpus)
		sf_ring_capture_stop(r, err, sizeof(err));
	for (i = 0; r->cpus && i < r->ncpus; i++) {
		if (r->cpus[i].fd >= 0)
			close(r->cpus[i].fd);
	}
	if (r->stop[0] >= 0) {
		close(r->stop[0]);
		close(r->stop[1]);
	}
	for (i = 0; r->switchable && i < r->ncpus; i++) {
		close(r->cpus[i].sw[0]);
		close(r->cpus[i].sw[1]);
	}
	if (r->switchable) {
		close(r->ack[0]);
		close(r->ack[1]);
	}
	free(r->cpus);
	memset(r, 0, sizeof(*r));
	r->stop[0] = r->stop[1] = -1;
}

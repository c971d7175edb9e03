// SPDX-License-Identifier: GPL-2.0
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "util.h"

int dev_open(void)
{
	return (int)CHECK(open(DEV_PATH, O_RDWR | O_CLOEXEC));
}

int ap_create(struct anonpipe_create *c)
{
	int dev = dev_open();
	int ret = ioctl(dev, ANONPIPE_IOC_CREATE, c);
	int e = errno;

	close(dev);
	errno = e;
	return ret;
}

uint64_t ap_pipe(uint64_t size, unsigned int flags, int *rfd, int *wfd)
{
	struct anonpipe_create c;

	memset(&c, 0, sizeof(c));
	c.size = size;
	c.flags = flags;
	if (ap_create(&c) != 0)
		FAIL("CREATE size %llu flags 0x%x: %s", (unsigned long long)size,
		     flags, strerror(errno));
	*rfd = (int)c.read_fd;
	*wfd = (int)c.write_fd;
	return c.granted_size;
}

int ap_xfer(int fd, unsigned long cmd, const void *buf, uint64_t len,
	    struct anonpipe_transfer *t)
{
	memset(t, 0, sizeof(*t));
	t->buf = (uintptr_t)buf;
	t->len = len;
	return ioctl(fd, cmd, t);
}

struct anonpipe_info ap_info(int fd)
{
	struct anonpipe_info info;

	memset(&info, 0xa5, sizeof(info));
	CHECK(ioctl(fd, ANONPIPE_IOC_INFO, &info));
	return info;
}

int fionread(int fd)
{
	int n = -1;

	CHECK(ioctl(fd, FIONREAD, &n));
	return n;
}

void write_all(int fd, const void *buf, size_t len)
{
	ssize_t n = write(fd, buf, len);

	if (n != (ssize_t)len)
		FAIL("write(%d, %zu) = %zd, errno %d (%s)", fd, len, n, errno,
		     strerror(errno));
}

void fill(int wfd, size_t n)
{
	void *buf = malloc(n ? n : 1);

	pattern_fill(buf, n, 0, 0);
	write_all(wfd, buf, n);
	free(buf);
}

void set_nonblock(int fd, int on)
{
	int fl = (int)CHECK(fcntl(fd, F_GETFL));

	CHECK(fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK));
}

/* ---- signals ---- */

atomic_int sig_count;

static void count_signal(int sig)
{
	(void)sig;
	atomic_fetch_add(&sig_count, 1);
}

void install_handler(int sig, int restart)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = count_signal;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(sig, &sa, NULL));
}

static void *hammer_thread(void *p)
{
	struct hammer *h = p;

	while (!atomic_load(&h->stop)) {
		if (pthread_kill(h->target, h->sig) == 0)
			atomic_fetch_add(&h->sent, 1);
		usleep(h->interval_us);
	}
	return NULL;
}

void hammer_start(struct hammer *h, pthread_t target, int sig,
		  unsigned int interval_us)
{
	h->target = target;
	h->sig = sig;
	h->interval_us = interval_us;
	atomic_store(&h->stop, 0);
	atomic_store(&h->sent, 0);
	if (pthread_create(&h->thread, NULL, hammer_thread, h))
		FAIL("pthread_create failed");
}

void hammer_stop(struct hammer *h)
{
	atomic_store(&h->stop, 1);
	pthread_join(h->thread, NULL);
}

/* ---- Win32 ---- */

void w_pipe_inherit(HANDLE *r, HANDLE *w, DWORD size, BOOL inherit)
{
	SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, inherit };

	*r = *w = NULL;
	WIN_OK(CreatePipe(r, w, &sa, size));
}

void w_pipe(HANDLE *r, HANDLE *w, DWORD size)
{
	*r = *w = NULL;
	WIN_OK(CreatePipe(r, w, NULL, size));
}

int hfd(HANDLE h)
{
	int fd = anonpipe_handle_to_fd(h);

	if (fd < 0)
		FAIL("anonpipe_handle_to_fd(%p) = %d", h, fd);
	return fd;
}

DWORD w_avail(HANDLE r)
{
	DWORD avail = 0xdeadbeef;

	WIN_OK(PeekNamedPipe(r, NULL, 0, NULL, &avail, NULL));
	return avail;
}

void w_write(HANDLE w, const void *buf, DWORD n)
{
	DWORD cnt = 0xdeadbeef;

	WIN_OK(WriteFile(w, buf, n, &cnt, NULL));
	ASSERT_EQ(cnt, n);
}

void w_read_exact(HANDLE r, void *buf, DWORD n)
{
	DWORD got = 0, cnt;

	while (got < n) {
		cnt = 0xdeadbeef;
		WIN_OK(ReadFile(r, (char *)buf + got, n - got, &cnt, NULL));
		ASSERT_GT(cnt, 0);
		ASSERT_LE(cnt, n - got);
		got += cnt;
	}
}

void w_close(HANDLE h)
{
	WIN_OK(CloseHandle(h));
}

int is_inheritable(HANDLE h)
{
	int fl = (int)CHECK(fcntl(hfd(h), F_GETFD));

	return !(fl & FD_CLOEXEC);
}

DWORD w_flags(HANDLE h)
{
	DWORD f = 0, g = 0xffffffff;

	WIN_OK(GetHandleInformation(h, &f));
	WIN_OK(GetHandleInformation(h, &g));
	ASSERT_EQ(f, g);
	return f;
}

/* ---- background operations ---- */

void *op_readfile(void *p)
{
	struct op *o = p;

	o->cnt = 0xdeadbeef;
	SetLastError(0xdeadbeef);
	o->ok = ReadFile(o->h, o->buf, (DWORD)o->len, &o->cnt, NULL);
	o->err = GetLastError();
	return NULL;
}

void *op_writefile(void *p)
{
	struct op *o = p;

	o->cnt = 0xdeadbeef;
	SetLastError(0xdeadbeef);
	o->ok = WriteFile(o->h, o->buf, (DWORD)o->len, &o->cnt, NULL);
	o->err = GetLastError();
	return NULL;
}

void *op_read(void *p)
{
	struct op *o = p;

	errno = 0;
	o->ret = read(o->fd, o->buf, o->len);
	o->err_no = errno;
	return NULL;
}

void *op_write(void *p)
{
	struct op *o = p;

	errno = 0;
	o->ret = write(o->fd, o->buf, o->len);
	o->err_no = errno;
	return NULL;
}

void *op_ioc_read(void *p)
{
	struct op *o = p;

	errno = 0;
	o->ret = ap_xfer(o->fd, ANONPIPE_IOC_READ, o->buf, o->len, &o->t);
	o->err_no = errno;
	return NULL;
}

void *op_ioc_write(void *p)
{
	struct op *o = p;

	errno = 0;
	o->ret = ap_xfer(o->fd, ANONPIPE_IOC_WRITE, o->buf, o->len, &o->t);
	o->err_no = errno;
	return NULL;
}

void bg_start_all_blocked_(struct bg *b, void *(*fn)(void *), struct op *o,
			   int n, const char *file, int line)
{
	for (int i = 0; i < n; i++)
		bg_start(&b[i], fn, &o[i]);
	bg_assert_blocked_(&b[0], file, line);
	for (int i = 0; i < n; i++)
		if (bg_done(&b[i]))
			harness_fail(file, line, "background call %d of %d did not block",
				     i, n);
}

static struct op interrupt_op(void *(*fn)(void *), struct op o,
			      const char *file, int line)
{
	struct bg b;

	bg_start(&b, fn, &o);
	bg_assert_blocked_(&b, file, line);
	pthread_kill(b.thread, SIGUSR1);
	bg_join_(&b, 5000, file, line);
	free(o.buf);
	o.buf = NULL;
	return o;
}

struct op interrupted_read_(void *(*fn)(void *), size_t len, int *r, int *w,
			    const char *file, int line)
{
	install_handler(SIGUSR1, 0);
	ap_pipe(4096, 0, r, w);
	return interrupt_op(fn, (struct op){ .fd = *r, .buf = malloc(len), .len = len },
			    file, line);
}

struct op interrupted_write_(void *(*fn)(void *), uint64_t cap, size_t queued,
			     size_t len, int *r, int *w, const char *file,
			     int line)
{
	install_handler(SIGUSR1, 0);
	ap_pipe(cap, 0, r, w);
	if (queued)
		fill(*w, queued);
	return interrupt_op(fn, (struct op){ .fd = *w, .buf = calloc(1, len), .len = len },
			    file, line);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Pipe lifetime: wake-all on last close, fdinfo, capacity limits (1,
 * max_size, clamping, default), the per-user buffer limit, and the module
 * reference held by open handles.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "util.h"

#define NWAITERS 6

TEST(last_writer_close_wakes_all_blocked_readers)
{
	struct op o[NWAITERS];
	struct bg b[NWAITERS];
	char buf[NWAITERS][8];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	for (int i = 0; i < NWAITERS; i++)
		o[i] = (struct op){ .fd = r, .buf = buf[i], .len = 8 };
	BG_START_ALL_BLOCKED(b, op_read, o, NWAITERS);
	CHECK(close(w));
	for (int i = 0; i < NWAITERS; i++) {
		BG_JOIN(&b[i]);
		ASSERT_EQ(o[i].ret, 0);
	}
}

TEST(last_writer_close_wakes_all_blocked_read_ioctls)
{
	struct op o[NWAITERS];
	struct bg b[NWAITERS];
	char buf[NWAITERS][8];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	/* half of them are zero-length reads */
	for (int i = 0; i < NWAITERS; i++)
		o[i] = (struct op){ .fd = r, .buf = buf[i], .len = (i & 1) ? 0 : 8 };
	BG_START_ALL_BLOCKED(b, op_ioc_read, o, NWAITERS);
	CHECK(close(w));
	for (int i = 0; i < NWAITERS; i++) {
		BG_JOIN(&b[i]);
		ASSERT_EQ(o[i].ret, 0);
		ASSERT_EQ(o[i].t.status, ANONPIPE_STATUS_END_OF_DATA);
	}
}

TEST(last_reader_close_wakes_all_blocked_writers)
{
	struct op o[NWAITERS];
	struct bg b[NWAITERS];
	static char buf[NWAITERS][100];
	int r, w;

	signal(SIGPIPE, SIG_IGN);
	ap_pipe(10, 0, &r, &w);
	fill(w, 10);
	for (int i = 0; i < NWAITERS; i++)
		o[i] = (struct op){ .fd = w, .buf = buf[i], .len = 100 };
	BG_START_ALL_BLOCKED(b, op_write, o, NWAITERS);
	CHECK(close(r));
	for (int i = 0; i < NWAITERS; i++) {
		BG_JOIN(&b[i]);
		ASSERT_EQ(o[i].ret, -1);
		ASSERT_EQ(o[i].err_no, EPIPE);
	}
}

TEST(last_reader_close_wakes_all_blocked_write_ioctls)
{
	struct op o[NWAITERS];
	struct bg b[NWAITERS];
	static char buf[NWAITERS][100];
	int r, w;

	ap_pipe(10, 0, &r, &w);
	fill(w, 10);
	for (int i = 0; i < NWAITERS; i++)
		o[i] = (struct op){ .fd = w, .buf = buf[i], .len = 100 };
	BG_START_ALL_BLOCKED(b, op_ioc_write, o, NWAITERS);
	CHECK(close(r));
	for (int i = 0; i < NWAITERS; i++) {
		BG_JOIN(&b[i]);
		ASSERT_EQ(o[i].ret, 0);
		ASSERT_EQ(o[i].t.status, ANONPIPE_STATUS_READER_LEFT);
		ASSERT_EQ(o[i].t.bytes, 0);
	}
}

TEST(duplicated_write_descriptor_keeps_pipe_open)
{
	char buf[8];
	int r, w, w2;

	ap_pipe(4096, ANONPIPE_CREATE_NONBLOCK, &r, &w);
	w2 = (int)CHECK(dup(w));
	CHECK(close(w));
	ASSERT_ERRNO(read(r, buf, sizeof(buf)), EAGAIN);	/* not EOF */
	write_all(w2, "via dup", 7);
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 7);
	CHECK(close(w2));
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 0);
}

TEST(write_end_held_by_child_process_keeps_pipe_open_until_exit)
{
	char buf[8];
	int r, w, status;
	pid_t pid;

	ap_pipe(4096, 0, &r, &w);
	pid = fork();
	if (pid == 0) {
		close(r);
		msleep(400);
		write_all(w, "child", 5);
		_exit(0);
	}
	CHECK(close(w));
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 5);	/* blocks until the child writes */
	ASSERT_MEMEQ(buf, "child", 5);
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 0);	/* child exited */
	CHECK(waitpid(pid, &status, 0));
	ASSERT_EQ(status, 0);
}

TEST(fdinfo_shows_capacity_queued_readers_writers)
{
	int r, w;

	ap_pipe(5000, 0, &r, &w);
	fill(w, 123);
	ASSERT_EQ(fdinfo_get(r, "anonpipe-capacity"), 5000);
	ASSERT_EQ(fdinfo_get(r, "anonpipe-queued"), 123);
	ASSERT_EQ(fdinfo_get(r, "anonpipe-readers"), 1);
	ASSERT_EQ(fdinfo_get(r, "anonpipe-writers"), 1);
	ASSERT_EQ(fdinfo_get(w, "anonpipe-capacity"), 5000);
	ASSERT_EQ(fdinfo_get(w, "anonpipe-queued"), 123);
}

TEST(fdinfo_follows_closing_of_the_other_end)
{
	int r, w;

	ap_pipe(5000, 0, &r, &w);
	CHECK(close(w));
	ASSERT_EQ(fdinfo_get(r, "anonpipe-writers"), 0);
	ASSERT_EQ(fdinfo_get(r, "anonpipe-readers"), 1);
	ap_pipe(5000, 0, &r, &w);
	CHECK(close(r));
	ASSERT_EQ(fdinfo_get(w, "anonpipe-readers"), 0);
	ASSERT_EQ(fdinfo_get(w, "anonpipe-writers"), 1);
}

TEST(fdinfo_keeps_the_standard_lines)
{
	int r, w;

	ap_pipe(0, ANONPIPE_CREATE_CLOEXEC, &r, &w);
	ASSERT_EQ(fdinfo_get(r, "pos"), 0);
	ASSERT_GE(fdinfo_get(r, "flags"), 0);
	ASSERT_GE(fdinfo_get(r, "mnt_id"), 0);
}

static void *write_bytes_one_by_one(void *p)
{
	struct op *o = p;

	for (size_t i = 0; i < o->len; i++)
		write_all(o->fd, (char *)o->buf + i, 1);
	return NULL;
}

TEST(capacity_one_pipe_moves_a_stream_byte_by_byte)
{
	char out[2000], in[2000];
	struct op o = { .buf = out, .len = sizeof(out) };
	struct bg b;
	size_t got = 0;
	int r, w;

	ASSERT_EQ(ap_pipe(1, 0, &r, &w), 1);
	pattern_fill(out, sizeof(out), 0, 11);
	o.fd = w;
	bg_start(&b, write_bytes_one_by_one, &o);
	while (got < sizeof(in)) {
		ssize_t n = CHECK(read(r, in + got, sizeof(in) - got));

		ASSERT_EQ(n, 1);
		got += (size_t)n;
	}
	BG_JOIN(&b);
	ASSERT_MEMEQ(in, out, sizeof(out));
}

TEST(capacity_one_pipe_second_byte_blocks_until_first_is_read)
{
	char two[2] = { 'a', 'b' }, buf[2];
	struct op o = { .buf = two + 1, .len = 1 };
	struct bg b;
	int r, w;

	ap_pipe(1, 0, &r, &w);
	write_all(w, two, 1);
	BG_START_BLOCKED_ON_FD(&b, op_write, &o, w);
	ASSERT_EQ(CHECK(read(r, buf, 2)), 1);
	ASSERT_EQ(buf[0], 'a');
	BG_JOIN(&b);
	ASSERT_EQ(o.ret, 1);
	ASSERT_EQ(CHECK(read(r, buf, 2)), 1);
	ASSERT_EQ(buf[0], 'b');
}

TEST(capacity_one_pipe_write_of_two_bytes_completes_through_reader)
{
	char buf[2];
	struct op o = { .buf = "xy", .len = 2 };
	struct bg b;
	int r, w;

	ap_pipe(1, 0, &r, &w);
	BG_START_BLOCKED_ON_FD(&b, op_write, &o, w);
	ASSERT_EQ(fionread(r), 1);
	ASSERT_EQ(CHECK(read(r, buf, 2)), 1);
	ASSERT_EQ(CHECK(read(r, buf + 1, 1)), 1);
	BG_JOIN(&b);
	ASSERT_EQ(o.ret, 2);
	ASSERT_MEMEQ(buf, "xy", 2);
}

/* Fills a nonblocking pipe with one write of n bytes; then it is full. */
static void assert_holds_exactly(int r, int w, size_t n)
{
	char *buf = malloc(n), *back = malloc(n);
	size_t got = 0;

	pattern_fill(buf, n, 0, 21);
	write_all(w, buf, n);
	ASSERT_EQ(fionread(r), (long long)n);
	ASSERT_ERRNO(write(w, "+", 1), EAGAIN);
	while (got < n)
		got += (size_t)CHECK(read(r, back + got, n - got));
	ASSERT_EQ(pattern_check(back, n, 0, 21), -1);
	free(buf);
	free(back);
}

TEST(capacity_max_size_pipe_holds_exactly_max_size)
{
	int r, w;
	uint64_t g = ap_pipe(1 << 20, ANONPIPE_CREATE_NONBLOCK, &r, &w);

	ASSERT_EQ(g, 1 << 20);
	assert_holds_exactly(r, w, 1 << 20);
}

TEST(capacity_clamped_pipe_holds_exactly_max_size)
{
	int r, w;
	uint64_t g = ap_pipe(1ull << 30, ANONPIPE_CREATE_NONBLOCK, &r, &w);

	ASSERT_EQ(g, 1 << 20);
	assert_holds_exactly(r, w, 1 << 20);
}

TEST(capacity_default_pipe_holds_exactly_default_size)
{
	int r, w;
	uint64_t g = ap_pipe(0, ANONPIPE_CREATE_NONBLOCK, &r, &w);

	ASSERT_EQ(g, 65536);
	assert_holds_exactly(r, w, 65536);
}

TEST(capacity_odd_size_pipe_holds_exactly_that_size)
{
	int r, w;

	ap_pipe(12345, ANONPIPE_CREATE_NONBLOCK, &r, &w);
	assert_holds_exactly(r, w, 12345);
	assert_holds_exactly(r, w, 12345);	/* again, across the wrap */
}

/* ---- per-user buffer limit ---- */

static void become_nobody(void)
{
	CHECK(setgid(65534));
	CHECK(setuid(65534));
}

static void user_limit_refuses_pipe_beyond_it(void *arg)
{
	struct anonpipe_create c;
	int r[2], w[2], before;

	(void)arg;
	become_nobody();
	ap_pipe(65536, 0, &r[0], &w[0]);
	ap_pipe(65536, 0, &r[1], &w[1]);
	before = fd_count();
	memset(&c, 0, sizeof(c));
	c.size = 65536;
	ASSERT_ERRNO(ap_create(&c), EDQUOT);
	ASSERT_NO_FD_LEAK(before);
	memset(&c, 0, sizeof(c));
	c.size = 1;
	ASSERT_ERRNO(ap_create(&c), EDQUOT);
	/* Closing one pipe returns its bytes to the user. */
	CHECK(close(r[0]));
	CHECK(close(w[0]));
	ap_pipe(65536, 0, &r[0], &w[0]);
}

TEST(user_limit_exceeded_fails_edquot_and_frees_on_close)
{
	int status;

	param_set("user_limit", 2 * 65536);
	status = run_in_child(user_limit_refuses_pipe_beyond_it, NULL);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);
}

static void user_limit_hold_quota(void *arg)
{
	int *sync = arg, r, w;
	char ch;
	struct anonpipe_create c;

	become_nobody();
	ap_pipe(65536, 0, &r, &w);
	memset(&c, 0, sizeof(c));
	c.size = 1;
	ASSERT_ERRNO(ap_create(&c), EDQUOT);	/* this user is at its limit */
	write_all(sync[1], "1", 1);
	(void)!read(sync[2], &ch, 1);	/* wait for the parent */
}

TEST(user_limit_is_per_user)
{
	int p1[2], p2[2], sync[3], r, w, status;
	pid_t pid;
	char c;

	param_set("user_limit", 65536);
	CHECK(pipe(p1));
	CHECK(pipe(p2));
	sync[0] = 0;
	sync[1] = p1[1];
	sync[2] = p2[0];
	pid = fork();
	if (pid == 0) {
		user_limit_hold_quota(sync);
		_exit(0);
	}
	CHECK(close(p1[1]));
	ASSERT_EQ(CHECK(read(p1[0], &c, 1)), 1);
	/* nobody is at its limit; another user (root here, or uid 1) is not */
	pid_t other = fork();

	if (other == 0) {
		CHECK(setgid(1));
		CHECK(setuid(1));
		ap_pipe(65536, 0, &r, &w);
		_exit(0);
	}
	CHECK(waitpid(other, &status, 0));
	ASSERT_EQ(status, 0);
	write_all(p2[1], "1", 1);
	CHECK(waitpid(pid, &status, 0));
	ASSERT_EQ(status, 0);
}

static void user_limit_create_close_loop(void *arg)
{
	(void)arg;
	become_nobody();
	for (int i = 0; i < 200; i++) {
		int r, w;

		ap_pipe(65536, 0, &r, &w);
		fill(w, 1000);
		CHECK(close(w));
		CHECK(close(r));
	}
}

TEST(user_limit_charge_is_returned_when_pipes_close)
{
	int status;

	param_set("user_limit", 65536);
	status = run_in_child(user_limit_create_close_loop, NULL);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);
}

static void user_limit_failed_creates_charge_nothing(void *arg)
{
	struct rlimit rl, saved;
	struct anonpipe_create c;
	int dev, r, w, probe;

	(void)arg;
	become_nobody();
	dev = dev_open();
	probe = (int)CHECK(dup(dev));
	CHECK(close(probe));
	CHECK(getrlimit(RLIMIT_NOFILE, &saved));
	rl = saved;
	rl.rlim_cur = (rlim_t)probe + 1;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl));
	for (int i = 0; i < 20; i++) {
		memset(&c, 0, sizeof(c));
		c.size = 65536;
		ASSERT_ERRNO(ioctl(dev, ANONPIPE_IOC_CREATE, &c), EMFILE);
	}
	CHECK(setrlimit(RLIMIT_NOFILE, &saved));
	ap_pipe(65536, 0, &r, &w);	/* the whole limit is still free */
}

TEST(user_limit_is_not_charged_by_failed_creates)
{
	int status;

	param_set("user_limit", 65536);
	status = run_in_child(user_limit_failed_creates_charge_nothing, NULL);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);
}

/* Runs last: a module that does not hold a reference would be unloaded. */
TEST_LAST(module_unload_is_refused_while_a_handle_is_open)
{
	int r, w;

	ap_pipe(0, 0, &r, &w);	/* the device fd is closed again */
	CHECK(close(w));	/* only the read handle holds the module */
	errno = 0;
	long ret = syscall(SYS_delete_module, "anonpipe", O_NONBLOCK);
	int e = errno;

	if (ret == 0)
		FAIL("rmmod anonpipe succeeded while a handle was open; "
		     "later tests cannot run");
	if (e != EWOULDBLOCK && e != EBUSY)
		FAIL("delete_module: errno %d (%s), expected EWOULDBLOCK or EBUSY", e,
		     strerror(e));
	ASSERT_EQ(ap_info(r).writers, 0);	/* the handle still works */
}

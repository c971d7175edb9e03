// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the pipe object (module/pipe.c): counting readers and
 * writers, every close order, end-of-data versus broken-pipe, the statuses
 * READ, WRITE and PEEK report, and the wake-ups that the last close owes to
 * blocked readers and writers.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/uio.h>

#include "anonpipe.h"

#define BLOCKED_WAITERS	3

struct pipe_fixture {
	struct anonpipe *pipe;
	bool have_reader;
	bool have_writer;
};

/* A pipe with one read and one write handle counted, as after CREATE. */
static struct anonpipe *pipe_new(struct kunit *test, size_t capacity)
{
	struct pipe_fixture *fx = test->priv;

	fx->pipe = anonpipe_alloc(capacity);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, fx->pipe);
	anonpipe_get_end(fx->pipe, FMODE_READ);
	anonpipe_get_end(fx->pipe, FMODE_WRITE);
	fx->have_reader = true;
	fx->have_writer = true;
	return fx->pipe;
}

static void pipe_close(struct kunit *test, fmode_t mode)
{
	struct pipe_fixture *fx = test->priv;

	if (mode == FMODE_READ)
		fx->have_reader = false;
	else
		fx->have_writer = false;
	anonpipe_put_end(fx->pipe, mode);
}

static int pipe_test_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct pipe_fixture), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void pipe_test_exit(struct kunit *test)
{
	struct pipe_fixture *fx = test->priv;

	if (!fx->pipe)
		return;
	if (fx->have_reader)
		anonpipe_put_end(fx->pipe, FMODE_READ);
	if (fx->have_writer)
		anonpipe_put_end(fx->pipe, FMODE_WRITE);
	anonpipe_put(fx->pipe);
}

static int pipe_write_bytes(struct anonpipe *pipe, const void *src, size_t len,
			    bool nonblock, struct anonpipe_xfer *xfer)
{
	struct kvec kvec = { .iov_base = (void *)src, .iov_len = len };
	struct iov_iter from;

	iov_iter_kvec(&from, ITER_SOURCE, &kvec, 1, len);
	return anonpipe_write(pipe, &from, nonblock, xfer);
}

static int pipe_read_bytes(struct anonpipe *pipe, void *dst, size_t len,
			   bool nonblock, struct anonpipe_xfer *xfer)
{
	struct kvec kvec = { .iov_base = dst, .iov_len = len };
	struct iov_iter to;

	iov_iter_kvec(&to, ITER_DEST, &kvec, 1, len);
	return anonpipe_read(pipe, &to, nonblock, xfer);
}

static int pipe_peek_bytes(struct anonpipe *pipe, void *dst, size_t len,
			   struct anonpipe_xfer *xfer)
{
	struct kvec kvec = { .iov_base = dst, .iov_len = len };
	struct iov_iter to;

	iov_iter_kvec(&to, ITER_DEST, &kvec, 1, len);
	return anonpipe_peek(pipe, &to, xfer);
}

static void anonpipe_get_info_counts_handles(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 32);
	struct anonpipe_info info;

	anonpipe_get_info(pipe, &info);
	KUNIT_EXPECT_EQ(test, info.capacity, 32);
	KUNIT_EXPECT_EQ(test, info.queued, 0);
	KUNIT_EXPECT_EQ(test, info.readers, 1);
	KUNIT_EXPECT_EQ(test, info.writers, 1);

	pipe_close(test, FMODE_READ);
	anonpipe_get_info(pipe, &info);
	KUNIT_EXPECT_EQ(test, info.readers, 0);
	KUNIT_EXPECT_EQ(test, info.writers, 1);
}

static void anonpipe_alloc_charges_quota_until_last_put(struct kunit *test)
{
	size_t before = anonpipe_quota_usage(current_uid());
	struct anonpipe *pipe = pipe_new(test, 4096);

	KUNIT_EXPECT_EQ(test, anonpipe_quota_usage(current_uid()), before + 4096);
	pipe_close(test, FMODE_WRITE);
	pipe_close(test, FMODE_READ);
	KUNIT_EXPECT_EQ(test, anonpipe_quota_usage(current_uid()), before + 4096);
	anonpipe_put(pipe);
	((struct pipe_fixture *)test->priv)->pipe = NULL;
	KUNIT_EXPECT_EQ(test, anonpipe_quota_usage(current_uid()), before);
}

static void anonpipe_read_returns_available_bytes(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 32);
	struct anonpipe_xfer xfer;
	char out[16] = {};

	KUNIT_ASSERT_EQ(test, pipe_write_bytes(pipe, "hello", 5, false, &xfer), 0);
	KUNIT_EXPECT_EQ(test, xfer.bytes, 5);
	KUNIT_EXPECT_EQ(test, pipe_read_bytes(pipe, out, sizeof(out), false, &xfer), 0);
	KUNIT_EXPECT_EQ(test, xfer.bytes, 5);
	KUNIT_EXPECT_EQ(test, xfer.status, ANONPIPE_STATUS_OK);
	KUNIT_EXPECT_MEMEQ(test, out, "hello", 5);
}

static void anonpipe_read_after_writer_closed_drains_then_ends(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 32);
	struct anonpipe_xfer xfer;
	char out[16] = {};

	pipe_write_bytes(pipe, "tail", 4, false, &xfer);
	pipe_close(test, FMODE_WRITE);

	KUNIT_EXPECT_EQ(test, pipe_read_bytes(pipe, out, sizeof(out), false, &xfer), 0);
	KUNIT_EXPECT_EQ(test, xfer.bytes, 4);
	KUNIT_EXPECT_EQ(test, xfer.status, ANONPIPE_STATUS_OK);
	KUNIT_EXPECT_EQ(test, pipe_read_bytes(pipe, out, sizeof(out), false, &xfer), 0);
	KUNIT_EXPECT_EQ(test, xfer.bytes, 0);
	KUNIT_EXPECT_EQ(test, xfer.status, ANONPIPE_STATUS_END_OF_DATA);
	/* sticky */
	KUNIT_EXPECT_EQ(test, pipe_read_bytes(pipe, out, 0, false, &xfer), 0);
	KUNIT_EXPECT_EQ(test, xfer.status, ANONPIPE_STATUS_END_OF_DATA);
}

static void anonpipe_read_empty_nonblocking_is_eagain(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 32);
	struct anonpipe_xfer xfer;
	char out[4];

	KUNIT_EXPECT_EQ(test, pipe_read_bytes(pipe, out, sizeof(out), true, &xfer), -EAGAIN);
	KUNIT_EXPECT_EQ(test, xfer.bytes, 0);
}

static void anonpipe_write_without_reader_reports_no_reader(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 32);
	struct anonpipe_xfer xfer;
	struct anonpipe_info info;

	pipe_close(test, FMODE_READ);
	KUNIT_EXPECT_EQ(test, pipe_write_bytes(pipe, "x", 1, false, &xfer), 0);
	KUNIT_EXPECT_EQ(test, xfer.status, ANONPIPE_STATUS_NO_READER);
	KUNIT_EXPECT_EQ(test, xfer.bytes, 0);
	/* zero-length writes check for the reader first, too */
	KUNIT_EXPECT_EQ(test, pipe_write_bytes(pipe, "", 0, false, &xfer), 0);
	KUNIT_EXPECT_EQ(test, xfer.status, ANONPIPE_STATUS_NO_READER);
	anonpipe_get_info(pipe, &info);
	KUNIT_EXPECT_EQ(test, info.queued, 0);
}

static void anonpipe_write_zero_length_queues_nothing(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 1);
	struct anonpipe_xfer xfer;
	struct anonpipe_info info;

	pipe_write_bytes(pipe, "f", 1, false, &xfer);
	/* the pipe is full, yet an empty write returns at once */
	KUNIT_EXPECT_EQ(test, pipe_write_bytes(pipe, "", 0, false, &xfer), 0);
	KUNIT_EXPECT_EQ(test, xfer.bytes, 0);
	KUNIT_EXPECT_EQ(test, xfer.status, ANONPIPE_STATUS_OK);
	anonpipe_get_info(pipe, &info);
	KUNIT_EXPECT_EQ(test, info.queued, 1);
}

static void anonpipe_write_full_nonblocking_is_eagain(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 4);
	struct anonpipe_xfer xfer;

	KUNIT_EXPECT_EQ(test, pipe_write_bytes(pipe, "abcdef", 6, true, &xfer), -EAGAIN);
	/* 6 bytes fit no 4-byte ring atomically, so 4 went in first */
	KUNIT_EXPECT_EQ(test, xfer.bytes, 4);
	KUNIT_EXPECT_EQ(test, pipe_write_bytes(pipe, "g", 1, true, &xfer), -EAGAIN);
	KUNIT_EXPECT_EQ(test, xfer.bytes, 0);
}

static void anonpipe_write_atomic_waits_for_room_for_all(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 8);
	struct anonpipe_xfer xfer;
	struct anonpipe_info info;

	pipe_write_bytes(pipe, "12345", 5, false, &xfer);
	/* 4 bytes fit an 8-byte ring, so none may go in while only 3 fit */
	KUNIT_EXPECT_EQ(test, pipe_write_bytes(pipe, "abcd", 4, true, &xfer), -EAGAIN);
	KUNIT_EXPECT_EQ(test, xfer.bytes, 0);
	anonpipe_get_info(pipe, &info);
	KUNIT_EXPECT_EQ(test, info.queued, 5);
}

static void anonpipe_peek_keeps_data_and_ends_when_drained(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 16);
	struct anonpipe_xfer xfer;
	char out[8] = {};

	pipe_write_bytes(pipe, "peek", 4, false, &xfer);
	KUNIT_EXPECT_EQ(test, pipe_peek_bytes(pipe, out, 2, &xfer), 0);
	KUNIT_EXPECT_EQ(test, xfer.bytes, 2);
	KUNIT_EXPECT_MEMEQ(test, out, "pe", 2);
	pipe_close(test, FMODE_WRITE);
	KUNIT_EXPECT_EQ(test, pipe_peek_bytes(pipe, out, 8, &xfer), 0);
	KUNIT_EXPECT_EQ(test, xfer.bytes, 4);
	KUNIT_EXPECT_EQ(test, xfer.status, ANONPIPE_STATUS_OK);
	pipe_read_bytes(pipe, out, 8, false, &xfer);
	KUNIT_EXPECT_EQ(test, pipe_peek_bytes(pipe, out, 8, &xfer), 0);
	KUNIT_EXPECT_EQ(test, xfer.bytes, 0);
	KUNIT_EXPECT_EQ(test, xfer.status, ANONPIPE_STATUS_END_OF_DATA);
}

static void anonpipe_put_end_reader_first_then_writer_frees(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 16);
	struct anonpipe_xfer xfer;

	pipe_write_bytes(pipe, "lost", 4, false, &xfer);
	pipe_close(test, FMODE_READ);
	KUNIT_EXPECT_EQ(test, pipe_write_bytes(pipe, "more", 4, false, &xfer), 0);
	KUNIT_EXPECT_EQ(test, xfer.status, ANONPIPE_STATUS_NO_READER);
	pipe_close(test, FMODE_WRITE);
	KUNIT_EXPECT_EQ(test, refcount_read(&pipe->refs), 1);
}

static void anonpipe_put_end_writer_first_then_reader_frees(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 16);

	pipe_close(test, FMODE_WRITE);
	KUNIT_EXPECT_EQ(test, refcount_read(&pipe->refs), 2);
	pipe_close(test, FMODE_READ);
	KUNIT_EXPECT_EQ(test, refcount_read(&pipe->refs), 1);
}

/* A kernel thread blocked in anonpipe_read() or anonpipe_write(). */
struct blocked_op {
	struct anonpipe *pipe;
	bool is_write;
	size_t len;
	char buf[64];
	struct anonpipe_xfer xfer;
	int err;
	struct completion done;
};

static int blocked_op_fn(void *data)
{
	struct blocked_op *op = data;

	if (op->is_write)
		op->err = pipe_write_bytes(op->pipe, op->buf, op->len, false, &op->xfer);
	else
		op->err = pipe_read_bytes(op->pipe, op->buf, op->len, false, &op->xfer);
	complete(&op->done);
	return 0;
}

/* Start @n ops and wait until each sleeps on @queue; returns how many run. */
static int blocked_ops_start(struct kunit *test, struct blocked_op *ops, int n,
			     wait_queue_head_t *queue)
{
	int started, waited;

	for (started = 0; started < n; started++) {
		init_completion(&ops[started].done);
		if (IS_ERR(kthread_run(blocked_op_fn, &ops[started], "anonpipe-test"))) {
			KUNIT_FAIL(test, "kthread_run failed");
			break;
		}
	}
	/* until every thread sleeps on @queue, or 5 s */
	for (waited = 0; waited < 250; waited++) {
		int sleeping = 0;
		struct wait_queue_entry *entry;

		spin_lock_irq(&queue->lock);
		list_for_each_entry(entry, &queue->head, entry)
			sleeping++;
		spin_unlock_irq(&queue->lock);
		if (sleeping == started)
			break;
		msleep(20);
	}
	for (waited = 0; waited < started; waited++)
		KUNIT_EXPECT_FALSE(test, completion_done(&ops[waited].done));
	return started;
}

/*
 * Every op must finish within 5 s. A stuck one fails the test, and then
 * both ends are closed and both queues woken by hand, so that it finishes
 * before the memory it uses goes away.
 */
static void blocked_ops_join(struct kunit *test, struct blocked_op *ops, int n)
{
	struct pipe_fixture *fx = test->priv;
	int i;

	for (i = 0; i < n; i++) {
		if (wait_for_completion_timeout(&ops[i].done, 5 * HZ))
			continue;
		KUNIT_FAIL(test, "waiter %d was never woken", i);
		if (fx->have_reader)
			pipe_close(test, FMODE_READ);
		if (fx->have_writer)
			pipe_close(test, FMODE_WRITE);
		wake_up_all(&fx->pipe->rd_wait);
		wake_up_all(&fx->pipe->wr_wait);
		wait_for_completion(&ops[i].done);
	}
}

static void anonpipe_put_end_last_writer_wakes_every_reader(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 16);
	struct blocked_op *ops;
	int started, i;

	ops = kunit_kcalloc(test, BLOCKED_WAITERS, sizeof(*ops), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ops);
	for (i = 0; i < BLOCKED_WAITERS; i++) {
		ops[i].pipe = pipe;
		ops[i].len = 8;
	}
	started = blocked_ops_start(test, ops, BLOCKED_WAITERS, &pipe->rd_wait);
	pipe_close(test, FMODE_WRITE);
	blocked_ops_join(test, ops, started);

	for (i = 0; i < BLOCKED_WAITERS; i++) {
		KUNIT_EXPECT_EQ(test, ops[i].err, 0);
		KUNIT_EXPECT_EQ(test, ops[i].xfer.status, ANONPIPE_STATUS_END_OF_DATA);
	}
}

static void anonpipe_put_end_last_reader_wakes_every_writer(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 4);
	struct anonpipe_xfer xfer;
	struct blocked_op *ops;
	int started, i;

	pipe_write_bytes(pipe, "full", 4, false, &xfer);
	ops = kunit_kcalloc(test, BLOCKED_WAITERS, sizeof(*ops), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ops);
	for (i = 0; i < BLOCKED_WAITERS; i++) {
		ops[i].pipe = pipe;
		ops[i].is_write = true;
		ops[i].len = 2;
	}
	started = blocked_ops_start(test, ops, BLOCKED_WAITERS, &pipe->wr_wait);
	pipe_close(test, FMODE_READ);
	blocked_ops_join(test, ops, started);

	for (i = 0; i < BLOCKED_WAITERS; i++) {
		KUNIT_EXPECT_EQ(test, ops[i].err, 0);
		KUNIT_EXPECT_EQ(test, ops[i].xfer.status, ANONPIPE_STATUS_READER_LEFT);
	}
}

static void anonpipe_write_blocked_reports_partial_bytes_when_reader_leaves(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 4);
	struct blocked_op op = { .pipe = pipe, .is_write = true, .len = 10 };
	int started;

	memcpy(op.buf, "0123456789", 10);
	started = blocked_ops_start(test, &op, 1, &pipe->wr_wait);
	pipe_close(test, FMODE_READ);
	blocked_ops_join(test, &op, started);

	KUNIT_EXPECT_EQ(test, op.xfer.status, ANONPIPE_STATUS_READER_LEFT);
	KUNIT_EXPECT_EQ(test, op.xfer.bytes, 4);
}

static void anonpipe_read_blocked_wakes_on_write(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 16);
	struct blocked_op op = { .pipe = pipe, .len = 16 };
	struct anonpipe_xfer xfer;
	int started;

	started = blocked_ops_start(test, &op, 1, &pipe->rd_wait);
	pipe_write_bytes(pipe, "wake", 4, false, &xfer);
	blocked_ops_join(test, &op, started);

	KUNIT_EXPECT_EQ(test, op.xfer.bytes, 4);
	KUNIT_EXPECT_MEMEQ(test, op.buf, "wake", 4);
}

static void anonpipe_read_zero_length_waits_and_consumes_nothing(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 16);
	struct blocked_op op = { .pipe = pipe, .len = 0 };
	struct anonpipe_xfer xfer;
	struct anonpipe_info info;
	int started;

	started = blocked_ops_start(test, &op, 1, &pipe->rd_wait);
	pipe_write_bytes(pipe, "z", 1, false, &xfer);
	blocked_ops_join(test, &op, started);

	KUNIT_EXPECT_EQ(test, op.err, 0);
	KUNIT_EXPECT_EQ(test, op.xfer.bytes, 0);
	KUNIT_EXPECT_EQ(test, op.xfer.status, ANONPIPE_STATUS_OK);
	anonpipe_get_info(pipe, &info);
	KUNIT_EXPECT_EQ(test, info.queued, 1);
}

static void anonpipe_write_larger_than_capacity_streams_through(struct kunit *test)
{
	struct anonpipe *pipe = pipe_new(test, 3);
	struct blocked_op op = { .pipe = pipe, .is_write = true, .len = 10 };
	struct anonpipe_xfer xfer;
	char out[10] = {}, chunk[3];
	size_t got = 0;
	int started;

	memcpy(op.buf, "abcdefghij", 10);
	started = blocked_ops_start(test, &op, 1, &pipe->wr_wait);
	while (got < 10 && !pipe_read_bytes(pipe, chunk, sizeof(chunk), false, &xfer)) {
		memcpy(out + got, chunk, xfer.bytes);
		got += xfer.bytes;
	}
	blocked_ops_join(test, &op, started);

	KUNIT_EXPECT_EQ(test, op.xfer.bytes, 10);
	KUNIT_EXPECT_EQ(test, op.xfer.status, ANONPIPE_STATUS_OK);
	KUNIT_EXPECT_MEMEQ(test, out, "abcdefghij", 10);
}

static struct kunit_case pipe_test_cases[] = {
	KUNIT_CASE(anonpipe_get_info_counts_handles),
	KUNIT_CASE(anonpipe_alloc_charges_quota_until_last_put),
	KUNIT_CASE(anonpipe_read_returns_available_bytes),
	KUNIT_CASE(anonpipe_read_after_writer_closed_drains_then_ends),
	KUNIT_CASE(anonpipe_read_empty_nonblocking_is_eagain),
	KUNIT_CASE(anonpipe_write_without_reader_reports_no_reader),
	KUNIT_CASE(anonpipe_write_zero_length_queues_nothing),
	KUNIT_CASE(anonpipe_write_full_nonblocking_is_eagain),
	KUNIT_CASE(anonpipe_write_atomic_waits_for_room_for_all),
	KUNIT_CASE(anonpipe_peek_keeps_data_and_ends_when_drained),
	KUNIT_CASE(anonpipe_put_end_reader_first_then_writer_frees),
	KUNIT_CASE(anonpipe_put_end_writer_first_then_reader_frees),
	KUNIT_CASE(anonpipe_put_end_last_writer_wakes_every_reader),
	KUNIT_CASE(anonpipe_put_end_last_reader_wakes_every_writer),
	KUNIT_CASE(anonpipe_write_blocked_reports_partial_bytes_when_reader_leaves),
	KUNIT_CASE(anonpipe_read_blocked_wakes_on_write),
	KUNIT_CASE(anonpipe_read_zero_length_waits_and_consumes_nothing),
	KUNIT_CASE(anonpipe_write_larger_than_capacity_streams_through),
	{}
};

static struct kunit_suite pipe_test_suite = {
	.name = "anonpipe",
	.init = pipe_test_init,
	.exit = pipe_test_exit,
	.test_cases = pipe_test_cases,
};

kunit_test_suite(pipe_test_suite);

// SPDX-License-Identifier: GPL-2.0
/*
 * READ, WRITE, PEEK and INFO on valid input: byte counts, available, and
 * every status.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "util.h"

TEST(write_ioctl_moves_all_bytes_with_status_ok)
{
	struct anonpipe_transfer t;
	char buf[100];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	pattern_fill(buf, sizeof(buf), 0, 1);
	CHECK(ap_xfer(w, ANONPIPE_IOC_WRITE, buf, sizeof(buf), &t));
	ASSERT_EQ(t.bytes, 100);
	ASSERT_EQ(t.available, 100);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
	ASSERT_EQ(t.len, 100);
	ASSERT_EQ(t.buf, (uintptr_t)buf);
	ASSERT_EQ(fionread(r), 100);
}

TEST(read_ioctl_returns_what_is_queued_not_len)
{
	struct anonpipe_transfer t;
	char buf[64];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "twenty-two bytes here!", 22);
	CHECK(ap_xfer(r, ANONPIPE_IOC_READ, buf, sizeof(buf), &t));
	ASSERT_EQ(t.bytes, 22);
	ASSERT_EQ(t.available, 0);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
	ASSERT_MEMEQ(buf, "twenty-two bytes here!", 22);
}

TEST(read_ioctl_partial_leaves_rest_and_reports_available)
{
	struct anonpipe_transfer t;
	char buf[16];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "0123456789", 10);
	CHECK(ap_xfer(r, ANONPIPE_IOC_READ, buf, 4, &t));
	ASSERT_EQ(t.bytes, 4);
	ASSERT_EQ(t.available, 6);
	ASSERT_MEMEQ(buf, "0123", 4);
	CHECK(ap_xfer(r, ANONPIPE_IOC_READ, buf, sizeof(buf), &t));
	ASSERT_EQ(t.bytes, 6);
	ASSERT_MEMEQ(buf, "456789", 6);
}

TEST(read_ioctl_blocks_on_empty_pipe_until_data)
{
	char buf[16];
	struct op o = { .buf = buf, .len = sizeof(buf) };
	struct bg b;
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	BG_START_BLOCKED_ON_FD(&b, op_ioc_read, &o, r);
	write_all(w, "wake", 4);
	BG_JOIN(&b);
	ASSERT_EQ(o.ret, 0);
	ASSERT_EQ(o.t.bytes, 4);
	ASSERT_EQ(o.t.status, ANONPIPE_STATUS_OK);
	ASSERT_MEMEQ(buf, "wake", 4);
}

TEST(read_ioctl_empty_pipe_without_writer_reports_end_of_data)
{
	struct anonpipe_transfer t;
	char buf[16];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	CHECK(close(w));
	CHECK(ap_xfer(r, ANONPIPE_IOC_READ, buf, sizeof(buf), &t));
	ASSERT_EQ(t.bytes, 0);
	ASSERT_EQ(t.available, 0);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_END_OF_DATA);
}

TEST(read_ioctl_drains_data_then_reports_end_of_data)
{
	struct anonpipe_transfer t;
	char buf[16];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "last words", 10);
	CHECK(close(w));
	CHECK(ap_xfer(r, ANONPIPE_IOC_READ, buf, sizeof(buf), &t));
	ASSERT_EQ(t.bytes, 10);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
	ASSERT_MEMEQ(buf, "last words", 10);
	for (int i = 0; i < 3; i++) {
		CHECK(ap_xfer(r, ANONPIPE_IOC_READ, buf, sizeof(buf), &t));
		ASSERT_EQ(t.bytes, 0);
		ASSERT_EQ(t.status, ANONPIPE_STATUS_END_OF_DATA);
	}
}

TEST(read_ioctl_blocked_wakes_with_end_of_data_when_writer_closes)
{
	char buf[16];
	struct op o = { .buf = buf, .len = sizeof(buf) };
	struct bg b;
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	BG_START_BLOCKED_ON_FD(&b, op_ioc_read, &o, r);
	CHECK(close(w));
	BG_JOIN(&b);
	ASSERT_EQ(o.ret, 0);
	ASSERT_EQ(o.t.bytes, 0);
	ASSERT_EQ(o.t.status, ANONPIPE_STATUS_END_OF_DATA);
}

TEST(read_ioctl_len_zero_with_data_returns_at_once_and_consumes_nothing)
{
	struct anonpipe_transfer t;
	char buf[16];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "kept", 4);
	CHECK(ap_xfer(r, ANONPIPE_IOC_READ, buf, 0, &t));
	ASSERT_EQ(t.bytes, 0);
	ASSERT_EQ(t.available, 4);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
	ASSERT_EQ(fionread(r), 4);
}

TEST(read_ioctl_len_zero_on_empty_pipe_blocks_until_data_and_consumes_nothing)
{
	char buf[4];
	struct op o = { .buf = buf, .len = 0 };
	struct bg b;
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	BG_START_BLOCKED_ON_FD(&b, op_ioc_read, &o, r);
	write_all(w, "Z", 1);
	BG_JOIN(&b);
	ASSERT_EQ(o.ret, 0);
	ASSERT_EQ(o.t.bytes, 0);
	ASSERT_EQ(o.t.status, ANONPIPE_STATUS_OK);
	ASSERT_EQ(fionread(r), 1);
}

TEST(read_ioctl_len_zero_on_empty_pipe_without_writer_reports_end_of_data)
{
	struct anonpipe_transfer t;
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	CHECK(close(w));
	CHECK(ap_xfer(r, ANONPIPE_IOC_READ, NULL, 0, &t));
	ASSERT_EQ(t.bytes, 0);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_END_OF_DATA);
}

TEST(peek_ioctl_copies_without_consuming)
{
	struct anonpipe_transfer t;
	char buf[16] = { 0 };
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "abcdefghij", 10);
	CHECK(ap_xfer(r, ANONPIPE_IOC_PEEK, buf, 4, &t));
	ASSERT_EQ(t.bytes, 4);
	ASSERT_EQ(t.available, 10);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
	ASSERT_MEMEQ(buf, "abcd", 4);
	CHECK(ap_xfer(r, ANONPIPE_IOC_PEEK, buf, sizeof(buf), &t));
	ASSERT_EQ(t.bytes, 10);
	ASSERT_MEMEQ(buf, "abcdefghij", 10);
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 10);
	ASSERT_MEMEQ(buf, "abcdefghij", 10);
}

TEST(peek_ioctl_on_empty_live_pipe_returns_at_once_with_nothing)
{
	struct anonpipe_transfer t;
	char buf[16];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	CHECK(ap_xfer(r, ANONPIPE_IOC_PEEK, buf, sizeof(buf), &t));
	ASSERT_EQ(t.bytes, 0);
	ASSERT_EQ(t.available, 0);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
}

TEST(peek_ioctl_len_zero_reports_available_only)
{
	struct anonpipe_transfer t;
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "12345", 5);
	CHECK(ap_xfer(r, ANONPIPE_IOC_PEEK, NULL, 0, &t));
	ASSERT_EQ(t.bytes, 0);
	ASSERT_EQ(t.available, 5);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
}

TEST(peek_ioctl_sees_data_across_ring_wraparound)
{
	struct anonpipe_transfer t;
	char buf[100], out[100];
	int r, w;

	ap_pipe(100, 0, &r, &w);
	fill(w, 70);
	ASSERT_EQ(CHECK(read(r, buf, 70)), 70);
	pattern_fill(buf, 100, 0, 9);
	write_all(w, buf, 100);		/* wraps around the end of the ring */
	CHECK(ap_xfer(r, ANONPIPE_IOC_PEEK, out, sizeof(out), &t));
	ASSERT_EQ(t.bytes, 100);
	ASSERT_MEMEQ(out, buf, 100);
}

TEST(peek_ioctl_after_writer_closed_reports_data_then_end_of_data)
{
	struct anonpipe_transfer t;
	char buf[16];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "xyz", 3);
	CHECK(close(w));
	CHECK(ap_xfer(r, ANONPIPE_IOC_PEEK, buf, sizeof(buf), &t));
	ASSERT_EQ(t.bytes, 3);
	ASSERT_EQ(t.available, 3);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
	ASSERT_EQ(CHECK(read(r, buf, sizeof(buf))), 3);
	CHECK(ap_xfer(r, ANONPIPE_IOC_PEEK, buf, sizeof(buf), &t));
	ASSERT_EQ(t.bytes, 0);
	ASSERT_EQ(t.available, 0);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_END_OF_DATA);
}

TEST(write_ioctl_len_zero_is_a_noop_even_on_full_pipe)
{
	struct anonpipe_transfer t;
	int r, w;

	ap_pipe(8, 0, &r, &w);
	CHECK(ap_xfer(w, ANONPIPE_IOC_WRITE, "", 0, &t));
	ASSERT_EQ(t.bytes, 0);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
	ASSERT_EQ(fionread(r), 0);
	fill(w, 8);
	CHECK(ap_xfer(w, ANONPIPE_IOC_WRITE, "", 0, &t));	/* must not block */
	ASSERT_EQ(t.bytes, 0);
	ASSERT_EQ(t.available, 8);
	ASSERT_EQ(fionread(r), 8);
}

TEST(write_ioctl_without_reader_reports_no_reader_and_no_sigpipe)
{
	struct anonpipe_transfer t;
	sigset_t pending;
	int r, w;

	/* Default SIGPIPE disposition: a SIGPIPE would kill the test. */
	ap_pipe(4096, 0, &r, &w);
	CHECK(close(r));
	CHECK(ap_xfer(w, ANONPIPE_IOC_WRITE, "lost", 4, &t));
	ASSERT_EQ(t.bytes, 0);
	ASSERT_EQ(t.status, ANONPIPE_STATUS_NO_READER);
	CHECK(sigpending(&pending));
	ASSERT_FALSE(sigismember(&pending, SIGPIPE));
}

TEST(write_ioctl_blocks_when_full_and_completes_after_read)
{
	char big[6000];
	struct op o = { .buf = big, .len = sizeof(big) };
	char sink[6000];
	struct bg b;
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	pattern_fill(big, sizeof(big), 0, 3);
	BG_START_BLOCKED_ON_FD(&b, op_ioc_write, &o, w);
	size_t got = 0;

	while (got < sizeof(big)) {
		ssize_t n = CHECK(read(r, sink + got, sizeof(sink) - got));

		got += (size_t)n;
	}
	BG_JOIN(&b);
	ASSERT_EQ(o.ret, 0);
	ASSERT_EQ(o.t.bytes, sizeof(big));
	ASSERT_EQ(o.t.status, ANONPIPE_STATUS_OK);
	ASSERT_EQ(pattern_check(sink, sizeof(sink), 0, 3), -1);
}

TEST(write_ioctl_blocked_reports_reader_left_when_reader_closes)
{
	char big[8192];
	struct op o = { .buf = big, .len = sizeof(big) };
	struct bg b;
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	BG_START_BLOCKED_ON_FD(&b, op_ioc_write, &o, w);
	CHECK(close(r));
	BG_JOIN(&b);
	ASSERT_EQ(o.ret, 0);
	ASSERT_EQ(o.t.status, ANONPIPE_STATUS_READER_LEFT);
	ASSERT_LE(o.t.bytes, 4096);
}

TEST(write_ioctl_interrupted_after_progress_reports_interrupted_with_count)
{
	int r, w;
	struct op o = INTERRUPTED_WRITE(op_ioc_write, 4096, 0, 3 * 4096, &r, &w);

	ASSERT_EQ(o.ret, 0);
	ASSERT_EQ(o.t.status, ANONPIPE_STATUS_INTERRUPTED);
	ASSERT_EQ(o.t.bytes, 4096);
	ASSERT_EQ(fionread(r), 4096);
}

TEST(write_ioctl_interrupted_before_progress_fails_eintr)
{
	int r, w;
	struct op o = INTERRUPTED_WRITE(op_ioc_write, 100, 100, 100, &r, &w);

	ASSERT_EQ(o.ret, -1);
	ASSERT_EQ(o.err_no, EINTR);
	ASSERT_EQ(fionread(r), 100);
}

TEST(read_ioctl_interrupted_fails_eintr_and_loses_nothing)
{
	int r, w;
	struct op o = INTERRUPTED_READ(op_ioc_read, 16, &r, &w);

	ASSERT_EQ(o.ret, -1);
	ASSERT_EQ(o.err_no, EINTR);
	write_all(w, "after", 5);
	ASSERT_EQ(fionread(r), 5);
}

TEST(info_tracks_queued_bytes)
{
	char buf[64];
	int r, w;

	ap_pipe(1000, 0, &r, &w);
	fill(w, 300);
	ASSERT_EQ(ap_info(r).queued, 300);
	ASSERT_EQ(ap_info(w).queued, 300);
	ASSERT_EQ(CHECK(read(r, buf, 64)), 64);
	ASSERT_EQ(ap_info(r).queued, 236);
	ASSERT_EQ(ap_info(r).capacity, 1000);
}

TEST(info_on_write_end_reports_no_readers_after_read_end_closes)
{
	int r, w;

	ap_pipe(1000, 0, &r, &w);
	CHECK(close(r));
	struct anonpipe_info i = ap_info(w);

	ASSERT_EQ(i.readers, 0);
	ASSERT_EQ(i.writers, 1);
}

TEST(info_on_read_end_reports_no_writers_after_write_end_closes)
{
	int r, w;

	ap_pipe(1000, 0, &r, &w);
	fill(w, 10);
	CHECK(close(w));
	struct anonpipe_info i = ap_info(r);

	ASSERT_EQ(i.readers, 1);
	ASSERT_EQ(i.writers, 0);
	ASSERT_EQ(i.queued, 10);
}

TEST(info_counts_handles_not_descriptors)
{
	int r, w, w2;

	ap_pipe(1000, 0, &r, &w);
	w2 = (int)CHECK(dup(w));
	ASSERT_EQ(ap_info(r).writers, 1);
	CHECK(close(w));
	ASSERT_EQ(ap_info(r).writers, 1);
	CHECK(close(w2));
	ASSERT_EQ(ap_info(r).writers, 0);
}

TEST(transfer_ioctls_interoperate_with_read_and_write)
{
	struct anonpipe_transfer t;
	char buf[32];
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "posix;", 6);
	CHECK(ap_xfer(w, ANONPIPE_IOC_WRITE, "ioctl;", 6, &t));
	write_all(w, "posix", 5);
	CHECK(ap_xfer(r, ANONPIPE_IOC_READ, buf, 8, &t));
	ASSERT_EQ(t.bytes, 8);
	ASSERT_EQ(CHECK(read(r, buf + 8, sizeof(buf) - 8)), 9);
	ASSERT_MEMEQ(buf, "posix;ioctl;posix", 17);
}

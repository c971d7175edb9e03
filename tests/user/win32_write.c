// SPDX-License-Identifier: GPL-2.0
/*
 * WriteFile: B-25 to B-35 (B-27, B-28 and B-30 are known gaps).
 */
#include <stdlib.h>

#include "util.h"

TEST_CORE(b25_write_that_fits_returns_at_once_with_full_count)
{
	DWORD cnt = 0xdeadbeef;
	HANDLE r, w;

	w_pipe(&r, &w, 100);
	WIN_OK(WriteFile(w, "0123456789", 10, &cnt, NULL));
	ASSERT_EQ(cnt, 10);
	WIN_OK(WriteFile(w, (char[90]){ 0 }, 90, &cnt, NULL));	/* exactly full */
	ASSERT_EQ(cnt, 90);
	ASSERT_EQ(w_avail(r), 100);
}

TEST_CORE(b26_write_larger_than_room_blocks_until_reader_makes_room)
{
	char out[4196], in[4196];
	struct op o = { .buf = out, .len = sizeof(out) };
	struct bg b;
	HANDLE r, w;

	pattern_fill(out, sizeof(out), 0, 26);
	w_pipe(&r, &w, 4096);
	BG_START_BLOCKED_ON_HANDLE(&b, op_writefile, &o, w);
	w_read_exact(r, in, 4196);
	BG_JOIN(&b);
	ASSERT_TRUE(o.ok);
	ASSERT_EQ(o.cnt, 4196);
	ASSERT_MEMEQ(in, out, sizeof(out));
}

static void *big_writes(void *p)
{
	struct op *o = p;
	char *buf = malloc(65536);

	for (int i = 0; i < 8; i++) {
		DWORD cnt = 0;

		pattern_fill(buf, 65536, (uint64_t)i * 65536, 2626);
		WIN_OK(WriteFile(o->h, buf, 65536, &cnt, NULL));
		if (cnt != 65536)
			FAIL("WriteFile returned a short count %u", cnt);
	}
	free(buf);
	return NULL;
}

TEST_CORE(b26_blocking_write_never_returns_a_short_count)
{
	struct op o;
	struct bg b;
	char *in = malloc(8 * 65536);
	size_t got = 0;
	HANDLE r, w;

	w_pipe(&r, &w, 4096);
	o.h = w;
	bg_start(&b, big_writes, &o);
	while (got < 8 * 65536) {
		DWORD cnt = 0;

		WIN_OK(ReadFile(r, in + got, 1000, &cnt, NULL));
		got += cnt;
	}
	BG_JOIN(&b);
	ASSERT_EQ(pattern_check(in, 8 * 65536, 0, 2626), -1);
}

TEST_SKIP("ntstrict", b27_blocked_write_completes_when_at_most_quota_bytes_remain_unread,
	  "known gap: needs the NT write path (pending writes visible in the pipe); a later issue") {}
TEST_SKIP("ntstrict", b28_blocked_write_bytes_are_all_visible_to_the_reader,
	  "known gap: needs the NT write path (pending writes visible in the pipe); a later issue") {}
TEST_SKIP("ntstrict", b30_concurrent_writes_larger_than_4096_are_not_interleaved,
	  "known gap: atomicity beyond 4096 bytes needs the NT write path; a later issue") {}

TEST_CORE(b29_byte_stream_fifo_concatenates_separate_writes)
{
	char buf[32];
	DWORD cnt = 0;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_write(w, "hello world", 11);
	w_write(w, "0123456789", 10);
	WIN_OK(ReadFile(r, buf, sizeof(buf), &cnt, NULL));
	ASSERT_EQ(cnt, 21);
	ASSERT_MEMEQ(buf, "hello world0123456789", 21);
}

TEST_CORE(b31_zero_length_write_returns_true_with_zero_and_queues_nothing)
{
	DWORD cnt = 0xdeadbeef;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_write(w, "ab", 2);
	WIN_OK(WriteFile(w, "ignored", 0, &cnt, NULL));
	ASSERT_EQ(cnt, 0);
	ASSERT_EQ(w_avail(r), 2);
}

TEST_CORE(b31_zero_length_write_does_not_block_on_a_full_pipe)
{
	DWORD cnt = 0xdeadbeef;
	HANDLE r, w;

	w_pipe(&r, &w, 4);
	w_write(w, "full", 4);
	WIN_OK(WriteFile(w, "x", 0, &cnt, NULL));
	ASSERT_EQ(cnt, 0);
	ASSERT_EQ(w_avail(r), 4);
}

TEST_CORE(b31_zero_length_write_does_not_block_behind_a_pending_write)
{
	char big[64];
	struct op o = { .buf = big, .len = sizeof(big) };
	DWORD cnt = 0xdeadbeef;
	struct bg b;
	HANDLE r, w;

	w_pipe(&r, &w, 4);
	w_write(w, "full", 4);
	BG_START_BLOCKED_ON_HANDLE(&b, op_writefile, &o, w);
	WIN_OK(WriteFile(w, "x", 0, &cnt, NULL));
	ASSERT_EQ(cnt, 0);
	w_close(r);	/* ends the pending write */
	BG_JOIN(&b);
}

TEST_CORE(b31_zero_length_write_does_not_wake_a_blocked_reader)
{
	char buf[8];
	struct op o = { .buf = buf, .len = sizeof(buf) };
	DWORD cnt;
	struct bg b;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	BG_START_BLOCKED_ON_HANDLE(&b, op_readfile, &o, r);
	WIN_OK(WriteFile(w, "x", 0, &cnt, NULL));
	BG_ASSERT_BLOCKED(&b);
	w_write(w, "y", 1);
	BG_JOIN(&b);
	ASSERT_TRUE(o.ok);
	ASSERT_EQ(o.cnt, 1);
	ASSERT_EQ(buf[0], 'y');
}

TEST_CORE(b32_write_after_reader_closed_fails_no_data)
{
	DWORD cnt = 0xdeadbeef;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_close(r);
	WIN_FAILS(WriteFile(w, "lost", 4, &cnt, NULL), ERROR_NO_DATA);
	ASSERT_EQ(cnt, 0);
}

TEST_CORE(b32_every_later_write_also_fails_no_data)
{
	DWORD cnt;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_close(r);
	for (int i = 0; i < 3; i++) {
		cnt = 0xdeadbeef;
		WIN_FAILS(WriteFile(w, "lost", 4, &cnt, NULL), ERROR_NO_DATA);
		ASSERT_EQ(cnt, 0);
	}
	w_close(w);
}

TEST_CORE(b33_blocked_write_fails_broken_pipe_when_reader_closes)
{
	char big[200];
	struct op o = { .buf = big, .len = sizeof(big) };
	struct bg b;
	HANDLE r, w;

	w_pipe(&r, &w, 100);
	BG_START_BLOCKED_ON_HANDLE(&b, op_writefile, &o, w);
	w_close(r);
	BG_JOIN(&b);
	ASSERT_FALSE(o.ok);
	ASSERT_EQ(o.err, ERROR_BROKEN_PIPE);
}

TEST_CORE(b34_zero_length_write_after_reader_closed_fails_no_data)
{
	DWORD cnt = 0xdeadbeef;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_close(r);
	WIN_FAILS(WriteFile(w, "", 0, &cnt, NULL), ERROR_NO_DATA);
	ASSERT_EQ(cnt, 0);
}

TEST_CORE(b35_failed_write_raises_no_sigpipe)
{
	sigset_t block, pending;
	DWORD cnt;
	HANDLE r, w;

	/* Blocked, so a raised SIGPIPE would stay pending and be seen. */
	sigemptyset(&block);
	sigaddset(&block, SIGPIPE);
	CHECK(sigprocmask(SIG_BLOCK, &block, NULL));
	w_pipe(&r, &w, 0);
	w_close(r);
	WIN_FAILS(WriteFile(w, "x", 1, &cnt, NULL), ERROR_NO_DATA);
	WIN_FAILS(WriteFile(w, "x", 0, &cnt, NULL), ERROR_NO_DATA);
	CHECK(sigpending(&pending));
	ASSERT_FALSE(sigismember(&pending, SIGPIPE));
}

TEST_CORE(b35_failed_write_survives_default_sigpipe_disposition)
{
	DWORD cnt;
	HANDLE r, w;

	/* SIGPIPE has its default action here: raising it would kill us. */
	w_pipe(&r, &w, 0);
	w_close(r);
	WIN_FAILS(WriteFile(w, "x", 1, &cnt, NULL), ERROR_NO_DATA);
}

TEST_CORE(b35_write_failing_as_reader_leaves_raises_no_sigpipe)
{
	char big[200];
	struct op o = { .buf = big, .len = sizeof(big) };
	struct bg b;
	HANDLE r, w;

	w_pipe(&r, &w, 100);
	BG_START_BLOCKED_ON_HANDLE(&b, op_writefile, &o, w);
	w_close(r);
	BG_JOIN(&b);
	ASSERT_FALSE(o.ok);
	msleep(50);	/* a stray SIGPIPE (default action) would kill us first */
}

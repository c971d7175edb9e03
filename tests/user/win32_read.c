// SPDX-License-Identifier: GPL-2.0
/*
 * ReadFile: B-36 to B-43 and the zero-length reads B-45 to B-47.
 */
#include <stdlib.h>

#include "util.h"

TEST_CORE(b36_read_returns_what_is_available_without_filling_the_buffer)
{
	static const char msg[22] = "test string 21 chars.";
	char buf[32];
	DWORD cnt = 0xdeadbeef;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_write(w, msg, sizeof(msg));
	WIN_OK(ReadFile(r, buf, sizeof(buf), &cnt, NULL));
	ASSERT_EQ(cnt, 22);
	ASSERT_MEMEQ(buf, msg, 22);
}

TEST_CORE(b37_partial_read_returns_true_and_leaves_the_rest)
{
	char buf[16];
	DWORD cnt = 0xdeadbeef;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_write(w, "0123456789", 10);
	SetLastError(0xdeadbeef);
	ASSERT_TRUE(ReadFile(r, buf, 4, &cnt, NULL));
	ASSERT_NE(GetLastError(), 234);	/* never ERROR_MORE_DATA */
	ASSERT_EQ(cnt, 4);
	ASSERT_MEMEQ(buf, "0123", 4);
	ASSERT_EQ(w_avail(r), 6);
	WIN_OK(ReadFile(r, buf, sizeof(buf), &cnt, NULL));
	ASSERT_EQ(cnt, 6);
	ASSERT_MEMEQ(buf, "456789", 6);
}

TEST_CORE(b38_read_blocks_on_empty_pipe_until_data_arrives)
{
	char buf[16];
	struct op o = { .buf = buf, .len = sizeof(buf) };
	struct bg b;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	BG_START_BLOCKED_ON_HANDLE(&b, op_readfile, &o, r);
	w_write(w, "data", 4);
	BG_JOIN(&b);
	ASSERT_TRUE(o.ok);
	ASSERT_EQ(o.cnt, 4);
	ASSERT_MEMEQ(buf, "data", 4);
}

TEST_CORE(b39_data_written_before_writer_close_stays_readable)
{
	char buf[32];
	DWORD cnt = 0;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_write(w, "survives the close", 18);
	w_close(w);
	WIN_OK(ReadFile(r, buf, sizeof(buf), &cnt, NULL));
	ASSERT_EQ(cnt, 18);
	ASSERT_MEMEQ(buf, "survives the close", 18);
}

TEST_CORE(b40_read_after_writer_closed_fails_broken_pipe)
{
	char buf[8];
	DWORD cnt = 0xdeadbeef;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_close(w);
	WIN_FAILS(ReadFile(r, buf, sizeof(buf), &cnt, NULL), ERROR_BROKEN_PIPE);
	ASSERT_EQ(cnt, 0);
}

TEST_CORE(b41_broken_pipe_is_sticky)
{
	char buf[8];
	DWORD cnt;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_write(w, "x", 1);
	w_close(w);
	w_read_exact(r, buf, 1);
	for (int i = 0; i < 4; i++) {
		cnt = 0xdeadbeef;
		WIN_FAILS(ReadFile(r, buf, sizeof(buf), &cnt, NULL), ERROR_BROKEN_PIPE);
		ASSERT_EQ(cnt, 0);
	}
}

TEST_CORE(b42_blocked_read_fails_broken_pipe_when_last_writer_closes)
{
	char buf[8];
	struct op o = { .buf = buf, .len = sizeof(buf) };
	struct bg b;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	BG_START_BLOCKED_ON_HANDLE(&b, op_readfile, &o, r);
	w_close(w);
	BG_JOIN(&b);
	ASSERT_FALSE(o.ok);
	ASSERT_EQ(o.err, ERROR_BROKEN_PIPE);
	ASSERT_EQ(o.cnt, 0);
}

TEST_CORE(b43_all_byte_values_pass_unchanged)
{
	static unsigned char out[32768], in[32768];
	HANDLE r, w;

	for (int i = 0; i < 32768; i++)
		out[i] = (unsigned char)(i & 0xff);
	memcpy(out, "\r\n\x1a\n\r\0\x1a", 7);	/* CR, LF, ^Z, NUL */
	w_pipe(&r, &w, 32768 + 24);
	w_write(w, out, sizeof(out));
	w_close(w);
	w_read_exact(r, in, sizeof(in));
	ASSERT_MEMEQ(in, out, sizeof(out));
}

TEST_CORE(b45_zero_length_read_with_data_returns_zero_and_consumes_nothing)
{
	char buf[4];
	DWORD cnt = 0xdeadbeef;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_write(w, "twelve bytes", 12);
	WIN_OK(ReadFile(r, buf, 0, &cnt, NULL));
	ASSERT_EQ(cnt, 0);
	ASSERT_EQ(w_avail(r), 12);
}

TEST_NTSTRICT(b46_zero_length_read_on_empty_pipe_blocks_until_data)
{
	char buf[4];
	struct op o = { .buf = buf, .len = 0 };
	struct bg b;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	BG_START_BLOCKED_ON_HANDLE(&b, op_readfile, &o, r);
	w_write(w, "1", 1);
	BG_JOIN(&b);
	ASSERT_TRUE(o.ok);
	ASSERT_EQ(o.cnt, 0);
	ASSERT_EQ(w_avail(r), 1);	/* the byte stays */
}

TEST_NTSTRICT(b46_blocked_zero_length_read_fails_broken_pipe_when_writer_closes)
{
	char buf[4];
	struct op o = { .buf = buf, .len = 0 };
	struct bg b;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	BG_START_BLOCKED_ON_HANDLE(&b, op_readfile, &o, r);
	w_close(w);
	BG_JOIN(&b);
	ASSERT_FALSE(o.ok);
	ASSERT_EQ(o.err, ERROR_BROKEN_PIPE);
}

TEST_CORE(b47_zero_length_read_on_empty_pipe_without_writer_fails_broken_pipe)
{
	char buf[4];
	DWORD cnt = 0xdeadbeef;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_close(w);
	WIN_FAILS(ReadFile(r, buf, 0, &cnt, NULL), ERROR_BROKEN_PIPE);
	ASSERT_EQ(cnt, 0);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Direction and access errors: B-20 to B-23.
 */
#include "util.h"

TEST_CORE(b20_writefile_on_read_handle_fails_access_denied)
{
	DWORD cnt = 0xdeadbeef;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	WIN_FAILS(WriteFile(r, "abc", 3, &cnt, NULL), ERROR_ACCESS_DENIED);
	ASSERT_EQ(cnt, 0);
	ASSERT_EQ(w_avail(r), 0);
}

TEST_CORE(b21_readfile_on_write_handle_fails_access_denied)
{
	DWORD cnt = 0xdeadbeef;
	char buf[8];
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_write(w, "abc", 3);
	WIN_FAILS(ReadFile(w, buf, sizeof(buf), &cnt, NULL), ERROR_ACCESS_DENIED);
	ASSERT_EQ(cnt, 0);
	ASSERT_EQ(w_avail(r), 3);
}

TEST_CORE(b21_zero_length_readfile_on_write_handle_fails_access_denied)
{
	DWORD cnt = 0xdeadbeef;
	char buf[1];
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	WIN_FAILS(ReadFile(w, buf, 0, &cnt, NULL), ERROR_ACCESS_DENIED);
	ASSERT_EQ(cnt, 0);
}

TEST_CORE(b22_peek_on_write_handle_fails_access_denied)
{
	DWORD avail = 0xdeadbeef;
	char buf[8];
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_write(w, "abc", 3);
	WIN_FAILS(PeekNamedPipe(w, buf, sizeof(buf), NULL, &avail, NULL),
		  ERROR_ACCESS_DENIED);
	ASSERT_EQ(w_avail(r), 3);
}

TEST_CORE(b23_access_denied_calls_change_no_pipe_state)
{
	DWORD cnt;
	char buf[16];
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_write(w, "payload", 7);
	WIN_FAILS(WriteFile(r, "junk", 4, &cnt, NULL), ERROR_ACCESS_DENIED);
	WIN_FAILS(ReadFile(w, buf, sizeof(buf), &cnt, NULL), ERROR_ACCESS_DENIED);
	WIN_FAILS(PeekNamedPipe(w, buf, sizeof(buf), &cnt, NULL, NULL),
		  ERROR_ACCESS_DENIED);
	ASSERT_EQ(w_avail(r), 7);
	cnt = 0;
	WIN_OK(ReadFile(r, buf, sizeof(buf), &cnt, NULL));
	ASSERT_EQ(cnt, 7);
	ASSERT_MEMEQ(buf, "payload", 7);
	w_write(w, "more", 4);
	ASSERT_EQ(w_avail(r), 4);
}

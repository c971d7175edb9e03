// SPDX-License-Identifier: GPL-2.0
/*
 * Invalid handles, double close, use after close, protected handles:
 * B-60 to B-66.
 */
#include "util.h"

TEST_CORE(b60_second_close_of_a_handle_fails_invalid_handle)
{
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	WIN_OK(CloseHandle(w));
	WIN_FAILS(CloseHandle(w), ERROR_INVALID_HANDLE);
}

TEST_CORE(b61_close_null_fails_invalid_handle)
{
	WIN_FAILS(CloseHandle(NULL), ERROR_INVALID_HANDLE);
}

TEST_CORE(b62_close_of_a_never_valid_value_fails_invalid_handle)
{
	WIN_FAILS(CloseHandle((HANDLE)0x12345678), ERROR_INVALID_HANDLE);
	WIN_FAILS(CloseHandle((HANDLE)(intptr_t)-2), ERROR_INVALID_HANDLE);
}

TEST_LENIENT(b63_close_invalid_handle_value_succeeds_or_fails_cleanly)
{
	HANDLE r, w;
	BOOL ok;

	w_pipe(&r, &w, 0);
	SetLastError(0);
	ok = CloseHandle(INVALID_HANDLE_VALUE);
	if (ok)
		ASSERT_EQ(GetLastError(), 0);	/* Windows leaves it alone */
	else
		ASSERT_EQ(GetLastError(), ERROR_INVALID_HANDLE);
	/* It closed none of our handles, nor stdin/out/err. */
	w_write(w, "still", 5);
	ASSERT_EQ(w_avail(r), 5);
	for (int fd = 0; fd < 3; fd++)
		ASSERT_TRUE(fd_is_open(fd));
}

TEST_CORE(b64_readfile_on_invalid_handle_value_fails_invalid_handle_with_zero_count)
{
	DWORD cnt = 0xdeadbeef;
	char buf[1];

	WIN_FAILS(ReadFile(INVALID_HANDLE_VALUE, buf, 0, &cnt, NULL),
		  ERROR_INVALID_HANDLE);
	ASSERT_EQ(cnt, 0);
}

/* A closed handle value; no handle is created after the close. */
static HANDLE closed_read_handle(HANDLE *w)
{
	HANDLE r;

	w_pipe(&r, w, 0);
	w_close(r);
	return r;
}

TEST_CORE(b65_readfile_after_close_fails_invalid_handle)
{
	HANDLE w, r = closed_read_handle(&w);
	DWORD cnt = 0xdeadbeef;
	char buf[4];

	WIN_FAILS(ReadFile(r, buf, sizeof(buf), &cnt, NULL), ERROR_INVALID_HANDLE);
	ASSERT_EQ(cnt, 0);
}

TEST_CORE(b65_writefile_after_close_fails_invalid_handle)
{
	HANDLE r, w;
	DWORD cnt = 0xdeadbeef;

	w_pipe(&r, &w, 0);
	w_close(w);
	WIN_FAILS(WriteFile(w, "x", 1, &cnt, NULL), ERROR_INVALID_HANDLE);
	ASSERT_EQ(cnt, 0);
}

TEST_CORE(b65_peek_after_close_fails_invalid_handle)
{
	HANDLE w, r = closed_read_handle(&w);
	DWORD avail;

	WIN_FAILS(PeekNamedPipe(r, NULL, 0, NULL, &avail, NULL), ERROR_INVALID_HANDLE);
}

TEST_CORE(b65_get_handle_information_after_close_fails_invalid_handle)
{
	HANDLE w, r = closed_read_handle(&w);
	DWORD flags;

	WIN_FAILS(GetHandleInformation(r, &flags), ERROR_INVALID_HANDLE);
}

TEST_CORE(b65_set_handle_information_after_close_fails_invalid_handle)
{
	HANDLE w, r = closed_read_handle(&w);

	WIN_FAILS(SetHandleInformation(r, HANDLE_FLAG_INHERIT, 0), ERROR_INVALID_HANDLE);
}

TEST_CORE(b65_duplicate_handle_after_close_fails_invalid_handle)
{
	HANDLE w, r = closed_read_handle(&w), d = NULL;
	int before = fd_count();

	WIN_FAILS(DuplicateHandle(GetCurrentProcess(), r, GetCurrentProcess(), &d, 0,
				  FALSE, DUPLICATE_SAME_ACCESS), ERROR_INVALID_HANDLE);
	ASSERT_NO_FD_LEAK(before);
}

TEST_CORE(b66_protected_handle_refuses_close_and_stays_valid)
{
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	WIN_OK(SetHandleInformation(w, HANDLE_FLAG_PROTECT_FROM_CLOSE,
				    HANDLE_FLAG_PROTECT_FROM_CLOSE));
	ASSERT_EQ(w_flags(w) & HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE);
	WIN_FAILS(CloseHandle(w), ERROR_INVALID_HANDLE);
	w_write(w, "still open", 10);
	ASSERT_EQ(w_avail(r), 10);
	ASSERT_EQ(ap_info(hfd(r)).writers, 1);
}

TEST_CORE(b66_clearing_protection_allows_close)
{
	char buf[4];
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	WIN_OK(SetHandleInformation(w, HANDLE_FLAG_PROTECT_FROM_CLOSE,
				    HANDLE_FLAG_PROTECT_FROM_CLOSE));
	WIN_FAILS(CloseHandle(w), ERROR_INVALID_HANDLE);
	WIN_OK(SetHandleInformation(w, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
	WIN_OK(CloseHandle(w));
	WIN_FAILS(ReadFile(r, buf, sizeof(buf), &(DWORD){ 0 }, NULL), ERROR_BROKEN_PIPE);
}

TEST_CORE(b66_protected_read_handle_refuses_close)
{
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	WIN_OK(SetHandleInformation(r, HANDLE_FLAG_PROTECT_FROM_CLOSE,
				    HANDLE_FLAG_PROTECT_FROM_CLOSE));
	WIN_FAILS(CloseHandle(r), ERROR_INVALID_HANDLE);
	w_write(w, "ok", 2);
	ASSERT_EQ(w_avail(r), 2);
}

TEST_CORE(bridge_handle_and_fd_round_trip)
{
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	ASSERT_TRUE(anonpipe_fd_to_handle(hfd(r)) == r);
	ASSERT_TRUE(anonpipe_fd_to_handle(hfd(w)) == w);
	ASSERT_EQ(anonpipe_handle_to_fd(NULL), -1);
	ASSERT_EQ(anonpipe_handle_to_fd(INVALID_HANDLE_VALUE), -1);
}

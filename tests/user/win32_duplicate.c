// SPDX-License-Identifier: GPL-2.0
/*
 * DuplicateHandle and GetCurrentProcess: B-82 to B-88.
 */
#include "util.h"

static HANDLE dup_same(HANDLE h, BOOL inherit)
{
	HANDLE d = NULL;

	WIN_OK(DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &d, 0,
			       inherit, DUPLICATE_SAME_ACCESS));
	return d;
}

TEST_CORE(get_current_process_is_the_minus_one_pseudo_handle)
{
	ASSERT_TRUE(GetCurrentProcess() == (HANDLE)(intptr_t)-1);
}

TEST_CORE(b82_duplicate_is_a_new_handle_to_the_same_pipe_end)
{
	char buf[8];
	HANDLE r, w, w2;

	w_pipe(&r, &w, 0);
	w2 = dup_same(w, FALSE);
	ASSERT_TRUE(w2 != w);
	ASSERT_TRUE(w2 != NULL && w2 != INVALID_HANDLE_VALUE);
	w_write(w2, "via dup", 7);
	w_read_exact(r, buf, 7);
	ASSERT_MEMEQ(buf, "via dup", 7);
}

TEST_CORE(b83_duplicate_write_handle_keeps_pipe_open_after_original_closes)
{
	char buf[8];
	struct op o = { .buf = buf, .len = sizeof(buf) };
	struct bg b;
	HANDLE r, w, w2;

	w_pipe(&r, &w, 0);
	w2 = dup_same(w, FALSE);
	w_close(w);
	o.h = r;
	bg_start(&b, op_readfile, &o);
	BG_ASSERT_BLOCKED(&b);		/* no broken pipe */
	w_close(w2);
	BG_JOIN(&b);
	ASSERT_FALSE(o.ok);
	ASSERT_EQ(o.err, ERROR_BROKEN_PIPE);
}

TEST_CORE(b83_duplicate_read_handle_keeps_pipe_open_after_original_closes)
{
	DWORD cnt = 0xdeadbeef;
	HANDLE r, w, r2;

	w_pipe(&r, &w, 0);
	r2 = dup_same(r, FALSE);
	w_close(r);
	w_write(w, "still read", 10);
	ASSERT_EQ(w_avail(r2), 10);
	w_close(r2);
	WIN_FAILS(WriteFile(w, "x", 1, &cnt, NULL), ERROR_NO_DATA);
}

TEST_CORE(b84_duplicate_of_read_handle_cannot_write)
{
	DWORD cnt = 0xdeadbeef;
	HANDLE r, w, r2;

	w_pipe(&r, &w, 0);
	r2 = dup_same(r, FALSE);
	WIN_FAILS(WriteFile(r2, "x", 1, &cnt, NULL), ERROR_ACCESS_DENIED);
	ASSERT_EQ(cnt, 0);
	ASSERT_EQ(w_avail(r), 0);
}

TEST_CORE(b84_duplicate_of_write_handle_cannot_read)
{
	DWORD cnt = 0xdeadbeef;
	char buf[4];
	HANDLE r, w, w2;

	w_pipe(&r, &w, 0);
	w2 = dup_same(w, FALSE);
	WIN_FAILS(ReadFile(w2, buf, sizeof(buf), &cnt, NULL), ERROR_ACCESS_DENIED);
	WIN_FAILS(PeekNamedPipe(w2, NULL, 0, NULL, &cnt, NULL), ERROR_ACCESS_DENIED);
}

TEST_CORE(b85_duplicate_inheritability_comes_from_the_argument)
{
	HANDLE r, w, d;

	w_pipe(&r, &w, 0);			/* not inheritable */
	d = dup_same(w, TRUE);
	ASSERT_EQ(w_flags(d) & HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
	ASSERT_TRUE(is_inheritable(d));
	ASSERT_FALSE(is_inheritable(w));

	w_pipe_inherit(&r, &w, 0, TRUE);	/* inheritable */
	d = dup_same(r, FALSE);
	ASSERT_EQ(w_flags(d) & HANDLE_FLAG_INHERIT, 0);
	ASSERT_FALSE(is_inheritable(d));
	ASSERT_TRUE(is_inheritable(r));
}

TEST_CORE(b86_close_source_closes_source_and_keeps_the_end_open)
{
	DWORD f;
	char buf[8];
	HANDLE r, w, w2 = NULL;

	w_pipe(&r, &w, 0);
	WIN_OK(DuplicateHandle(GetCurrentProcess(), w, GetCurrentProcess(), &w2, 0,
			       FALSE, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
	WIN_FAILS(GetHandleInformation(w, &f), ERROR_INVALID_HANDLE);
	w_write(w2, "moved", 5);
	w_read_exact(r, buf, 5);
	ASSERT_MEMEQ(buf, "moved", 5);
	ASSERT_EQ(ap_info(hfd(r)).writers, 1);
}

TEST_CORE(b86_close_source_closes_source_even_when_duplication_fails)
{
	DWORD f;
	HANDLE r, w, d = NULL;

	w_pipe(&r, &w, 0);
	SetLastError(0xdeadbeef);
	/* A target process other than the current one cannot be served. */
	ASSERT_FALSE(DuplicateHandle(GetCurrentProcess(), w, (HANDLE)0x4321, &d, 0,
				     FALSE, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
	WIN_FAILS(GetHandleInformation(w, &f), ERROR_INVALID_HANDLE);
	ASSERT_EQ(ap_info(hfd(r)).writers, 0);
}

TEST_CORE(b87_null_target_pointer_is_accepted)
{
	HANDLE r, w;
	int before;

	w_pipe(&r, &w, 0);
	before = fd_count();
	WIN_OK(DuplicateHandle(GetCurrentProcess(), w, GetCurrentProcess(), NULL, 0,
			       FALSE, DUPLICATE_SAME_ACCESS));
	ASSERT_EQ(fd_count(), before + 1);	/* duplicated, value not returned */
	w_close(w);
	/* The hidden duplicate still holds the write end open. */
	ASSERT_EQ(ap_info(hfd(r)).writers, 1);
}

TEST_CORE(b88_invalid_source_handle_fails_invalid_handle)
{
	HANDLE d = NULL;
	int before = fd_count();

	WIN_FAILS(DuplicateHandle(GetCurrentProcess(), (HANDLE)0x12345678,
				  GetCurrentProcess(), &d, 0, FALSE,
				  DUPLICATE_SAME_ACCESS), ERROR_INVALID_HANDLE);
	WIN_FAILS(DuplicateHandle(GetCurrentProcess(), NULL, GetCurrentProcess(), &d,
				  0, FALSE, DUPLICATE_SAME_ACCESS), ERROR_INVALID_HANDLE);
	ASSERT_NO_FD_LEAK(before);
}

TEST_CORE(duplicate_into_another_process_fails_with_an_error_and_no_handle)
{
	HANDLE r, w, d = NULL;
	int before;

	w_pipe(&r, &w, 0);
	before = fd_count();
	SetLastError(0xdeadbeef);
	ASSERT_FALSE(DuplicateHandle(GetCurrentProcess(), w, (HANDLE)0x4321, &d, 0,
				     FALSE, DUPLICATE_SAME_ACCESS));
	ASSERT_NE(GetLastError(), 0xdeadbeef);
	ASSERT_NE(GetLastError(), ERROR_SUCCESS);
	ASSERT_NO_FD_LEAK(before);
	w_write(w, "source intact", 13);
}

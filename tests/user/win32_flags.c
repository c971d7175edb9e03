// SPDX-License-Identifier: GPL-2.0
/*
 * Handle flags (B-90, B-91, B-94), the count out-parameters and
 * lpOverlapped (B-96 to B-98), the last error (B-101, B-102) and
 * nonblocking handles (B-105).
 */
#include <fcntl.h>
#include <unistd.h>

#include "util.h"

TEST_CORE(b90_get_handle_information_reports_inherit_and_no_protection)
{
	HANDLE r, w;

	w_pipe_inherit(&r, &w, 0, TRUE);
	ASSERT_EQ(w_flags(r), HANDLE_FLAG_INHERIT);
	w_pipe(&r, &w, 0);
	ASSERT_EQ(w_flags(w), 0);
}

TEST_CORE(b90_inherit_flag_tracks_fd_cloexec)
{
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	CHECK(fcntl(hfd(r), F_SETFD, 0));	/* changed behind the library */
	ASSERT_EQ(w_flags(r) & HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
}

TEST_CORE(b91_set_clears_inherit)
{
	HANDLE r, w;

	w_pipe_inherit(&r, &w, 0, TRUE);
	WIN_OK(SetHandleInformation(w, HANDLE_FLAG_INHERIT, 0));
	ASSERT_EQ(w_flags(w) & HANDLE_FLAG_INHERIT, 0);
	ASSERT_FALSE(is_inheritable(w));
	ASSERT_TRUE(is_inheritable(r));		/* the other end is untouched */
}

TEST_CORE(b91_set_sets_inherit)
{
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	WIN_OK(SetHandleInformation(r, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT));
	ASSERT_EQ(w_flags(r) & HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
	ASSERT_TRUE(is_inheritable(r));
}

TEST_CORE(b91_only_bits_in_the_mask_change)
{
	HANDLE r, w;

	w_pipe_inherit(&r, &w, 0, TRUE);
	/* flags asks to clear INHERIT, but only PROTECT is in the mask */
	WIN_OK(SetHandleInformation(w, HANDLE_FLAG_PROTECT_FROM_CLOSE,
				    HANDLE_FLAG_PROTECT_FROM_CLOSE));
	ASSERT_EQ(w_flags(w), HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE);
	/* mask INHERIT only: PROTECT in flags is ignored, stays set */
	WIN_OK(SetHandleInformation(w, HANDLE_FLAG_INHERIT, 0));
	ASSERT_EQ(w_flags(w), HANDLE_FLAG_PROTECT_FROM_CLOSE);
	/* an empty mask changes nothing */
	WIN_OK(SetHandleInformation(w, 0, HANDLE_FLAG_INHERIT));
	ASSERT_EQ(w_flags(w), HANDLE_FLAG_PROTECT_FROM_CLOSE);
	WIN_OK(SetHandleInformation(w, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
}

TEST_CORE(b91_unknown_mask_bits_are_ignored)
{
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	WIN_OK(SetHandleInformation(w, 0xFFFFFFFC | HANDLE_FLAG_INHERIT, 0xFFFFFFFF));
	ASSERT_EQ(w_flags(w), HANDLE_FLAG_INHERIT);
}

TEST_CORE(b94_get_handle_information_on_invalid_handle_fails_invalid_handle)
{
	DWORD f;

	WIN_FAILS(GetHandleInformation(NULL, &f), ERROR_INVALID_HANDLE);
	WIN_FAILS(GetHandleInformation((HANDLE)0x12345678, &f), ERROR_INVALID_HANDLE);
}

TEST_CORE(b94_set_handle_information_on_invalid_handle_fails_invalid_handle)
{
	WIN_FAILS(SetHandleInformation(NULL, HANDLE_FLAG_INHERIT, 0),
		  ERROR_INVALID_HANDLE);
	WIN_FAILS(SetHandleInformation((HANDLE)0x12345678, HANDLE_FLAG_INHERIT, 0),
		  ERROR_INVALID_HANDLE);
}

TEST_CORE(b94_get_handle_information_on_pseudo_handle_fails)
{
	DWORD f = 0xdeadbeef;

	SetLastError(0xdeadbeef);
	ASSERT_FALSE(GetHandleInformation(GetCurrentProcess(), &f));
	ASSERT_NE(GetLastError(), 0xdeadbeef);
}

TEST_CORE(b96_read_count_is_zero_after_failure)
{
	DWORD cnt = 0xdeadbeef;
	char buf[4];
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	ASSERT_FALSE(ReadFile(w, buf, sizeof(buf), &cnt, NULL));
	ASSERT_EQ(cnt, 0);
	cnt = 0xdeadbeef;
	ASSERT_FALSE(ReadFile(NULL, buf, sizeof(buf), &cnt, NULL));
	ASSERT_EQ(cnt, 0);
	w_close(w);
	cnt = 0xdeadbeef;
	ASSERT_FALSE(ReadFile(r, buf, sizeof(buf), &cnt, NULL));
	ASSERT_EQ(cnt, 0);
}

TEST_CORE(b96_write_count_is_zero_after_failure)
{
	DWORD cnt = 0xdeadbeef;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	ASSERT_FALSE(WriteFile(r, "x", 1, &cnt, NULL));
	ASSERT_EQ(cnt, 0);
	cnt = 0xdeadbeef;
	ASSERT_FALSE(WriteFile(NULL, "x", 1, &cnt, NULL));
	ASSERT_EQ(cnt, 0);
	w_close(r);
	cnt = 0xdeadbeef;
	ASSERT_FALSE(WriteFile(w, "x", 1, &cnt, NULL));
	ASSERT_EQ(cnt, 0);
}

TEST_LENIENT(b97_readfile_with_null_count_reads_or_fails_cleanly)
{
	char buf[8] = { 0 };
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	w_write(w, "abc", 3);
	SetLastError(0xdeadbeef);
	if (ReadFile(r, buf, sizeof(buf), NULL, NULL)) {
		ASSERT_MEMEQ(buf, "abc", 3);
		ASSERT_EQ(w_avail(r), 0);
	} else {
		ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
		ASSERT_EQ(w_avail(r), 3);
	}
}

TEST_LENIENT(b97_writefile_with_null_count_writes_or_fails_cleanly)
{
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	SetLastError(0xdeadbeef);
	if (WriteFile(w, "abc", 3, NULL, NULL)) {
		ASSERT_EQ(w_avail(r), 3);
	} else {
		ASSERT_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
		ASSERT_EQ(w_avail(r), 0);
	}
}

TEST_LENIENT(b98_overlapped_is_ignored_and_the_call_is_synchronous)
{
	OVERLAPPED ov;
	DWORD cnt = 0xdeadbeef;
	char buf[16];
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	memset(&ov, 0, sizeof(ov));
	ov.Offset = 1234;		/* no effect on pipes */
	ov.InternalHigh = 0x5555;
	SetLastError(0xdeadbeef);
	if (!WriteFile(w, "overlap", 7, &cnt, &ov)) {
		ASSERT_EQ(GetLastError(), ERROR_NOT_SUPPORTED);	/* WinPR's way */
		ASSERT_EQ(w_avail(r), 0);
		return;
	}
	ASSERT_EQ(cnt, 7);
	ASSERT_TRUE(ov.InternalHigh == 0x5555 || ov.InternalHigh == 7);
	memset(&ov, 0, sizeof(ov));
	ov.Offset = 3;
	cnt = 0xdeadbeef;
	WIN_OK(ReadFile(r, buf, sizeof(buf), &cnt, &ov));
	ASSERT_EQ(cnt, 7);
	ASSERT_MEMEQ(buf, "overlap", 7);	/* from the start: offset ignored */
	ASSERT_TRUE(ov.InternalHigh == 0 || ov.InternalHigh == 7);
}

struct ovread {
	HANDLE h;
	OVERLAPPED ov;
	char buf[8];
	BOOL ok;
	DWORD cnt, err;
};

static void *read_overlapped(void *p)
{
	struct ovread *o = p;

	SetLastError(0xdeadbeef);
	o->ok = ReadFile(o->h, o->buf, sizeof(o->buf), &o->cnt, &o->ov);
	o->err = GetLastError();
	return NULL;
}

TEST_LENIENT(b98_overlapped_read_blocks_and_never_reports_io_pending)
{
	struct ovread o;
	struct bg b;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	memset(&o, 0, sizeof(o));
	o.h = r;
	bg_start(&b, read_overlapped, &o);
	msleep(300);
	if (bg_done(&b)) {
		/* returned at once: only the documented rejection is allowed */
		BG_JOIN(&b);
		ASSERT_FALSE(o.ok);
		ASSERT_EQ(o.err, ERROR_NOT_SUPPORTED);
		return;
	}
	w_write(w, "late", 4);
	BG_JOIN(&b);
	ASSERT_TRUE(o.ok);
	ASSERT_NE(o.err, 997);	/* ERROR_IO_PENDING */
	ASSERT_EQ(o.cnt, 4);
	ASSERT_MEMEQ(o.buf, "late", 4);
}

static void *fail_with_access_denied(void *p)
{
	HANDLE *r = p;
	DWORD cnt;

	for (int i = 0; i < 2000; i++) {
		SetLastError(0);
		WriteFile(*r, "x", 1, &cnt, NULL);
		if (GetLastError() != ERROR_ACCESS_DENIED)
			FAIL("thread saw last error %u", GetLastError());
	}
	return NULL;
}

TEST_CORE(b101_last_error_is_per_thread)
{
	struct bg b;
	HANDLE r, w;
	DWORD cnt;
	char buf[1];

	w_pipe(&r, &w, 0);
	w_close(w);
	bg_start(&b, fail_with_access_denied, &r);
	for (int i = 0; i < 2000; i++) {
		SetLastError(0);
		ReadFile(r, buf, 1, &cnt, NULL);
		if (GetLastError() != ERROR_BROKEN_PIPE)
			FAIL("main thread saw last error %u", GetLastError());
	}
	BG_JOIN(&b);
	SetLastError(42);
	ASSERT_EQ(GetLastError(), 42);
}

TEST_CORE(b102_every_failing_function_sets_a_meaningful_last_error)
{
	HANDLE r, w, d;
	DWORD cnt, f;
	char buf[4];

	w_pipe(&r, &w, 0);
	WIN_FAILS(CreatePipe(NULL, &d, NULL, 0), ERROR_INVALID_PARAMETER);
	WIN_FAILS(ReadFile(w, buf, 1, &cnt, NULL), ERROR_ACCESS_DENIED);
	WIN_FAILS(WriteFile(r, buf, 1, &cnt, NULL), ERROR_ACCESS_DENIED);
	WIN_FAILS(PeekNamedPipe(w, NULL, 0, NULL, &cnt, NULL), ERROR_ACCESS_DENIED);
	WIN_FAILS(CloseHandle(NULL), ERROR_INVALID_HANDLE);
	WIN_FAILS(DuplicateHandle(GetCurrentProcess(), NULL, GetCurrentProcess(), &d,
				  0, FALSE, DUPLICATE_SAME_ACCESS), ERROR_INVALID_HANDLE);
	WIN_FAILS(GetHandleInformation(NULL, &f), ERROR_INVALID_HANDLE);
	WIN_FAILS(SetHandleInformation(NULL, 1, 1), ERROR_INVALID_HANDLE);
	w_close(w);
	WIN_FAILS(ReadFile(r, buf, 1, &cnt, NULL), ERROR_BROKEN_PIPE);
	WIN_FAILS(PeekNamedPipe(r, NULL, 0, NULL, &cnt, NULL), ERROR_BROKEN_PIPE);
}

TEST_CORE(b105_nonblocking_read_on_empty_pipe_fails_no_data)
{
	struct anonpipe_fds fds;
	DWORD cnt = 0xdeadbeef;
	char buf[4];
	HANDLE r;

	CHECK(anonpipe_create(0, ANONPIPE_CREATE_CLOEXEC | ANONPIPE_CREATE_NONBLOCK,
			      &fds));
	r = anonpipe_fd_to_handle(fds.read_fd);
	WIN_FAILS(ReadFile(r, buf, sizeof(buf), &cnt, NULL), ERROR_NO_DATA);
	ASSERT_EQ(cnt, 0);
	CHECK(write(fds.write_fd, "x", 1));
	WIN_OK(ReadFile(r, buf, sizeof(buf), &cnt, NULL));
	ASSERT_EQ(cnt, 1);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * CreatePipe: B-01 to B-13.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/resource.h>

#include "util.h"

TEST_CORE(b01_create_pipe_returns_two_distinct_handles)
{
	HANDLE r = INVALID_HANDLE_VALUE, w = INVALID_HANDLE_VALUE;

	WIN_OK(CreatePipe(&r, &w, NULL, 0));
	ASSERT_TRUE(r != NULL && r != INVALID_HANDLE_VALUE);
	ASSERT_TRUE(w != NULL && w != INVALID_HANDLE_VALUE);
	ASSERT_TRUE(r != w);
	ASSERT_NE(hfd(r), hfd(w));
}

TEST_CORE(b02_size_zero_selects_module_default_size)
{
	struct anonpipe_info info;
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	CHECK(anonpipe_info(hfd(r), &info));
	ASSERT_EQ(info.capacity, param_get("default_size"));
}

TEST_CORE(b02_default_pipe_takes_4096_bytes_without_a_reader)
{
	char buf[4096];
	HANDLE r, w;

	pattern_fill(buf, sizeof(buf), 0, 2);
	w_pipe(&r, &w, 0);
	w_write(w, buf, sizeof(buf));
	ASSERT_EQ(w_avail(r), 4096);
}

TEST_CORE(b03_size_one_is_honoured_literally)
{
	struct anonpipe_info info;
	HANDLE r, w;

	w_pipe(&r, &w, 1);
	CHECK(anonpipe_info(hfd(w), &info));
	ASSERT_EQ(info.capacity, 1);
	w_write(w, "1", 1);
	ASSERT_EQ(w_avail(r), 1);
}

TEST_CORE(b03_size_one_second_byte_blocks_until_read)
{
	struct op o = { .buf = "2", .len = 1 };
	struct bg b;
	char c;
	HANDLE r, w;

	w_pipe(&r, &w, 1);
	w_write(w, "1", 1);
	BG_START_BLOCKED_ON_HANDLE(&b, op_writefile, &o, w);
	w_read_exact(r, &c, 1);
	ASSERT_EQ(c, '1');
	BG_JOIN(&b);
	ASSERT_TRUE(o.ok);
	ASSERT_EQ(o.cnt, 1);
	w_read_exact(r, &c, 1);
	ASSERT_EQ(c, '2');
}

TEST_CORE(b04_write_of_32768_into_32792_pipe_completes_without_reader)
{
	static char buf[32768], back[32768];
	HANDLE r, w;

	pattern_fill(buf, sizeof(buf), 0, 4);
	w_pipe(&r, &w, 32768 + 24);
	w_write(w, buf, sizeof(buf));
	w_close(w);
	w_read_exact(r, back, sizeof(back));
	ASSERT_MEMEQ(back, buf, sizeof(buf));
}

TEST_LENIENT(b05_huge_size_succeeds_clamped_or_fails_cleanly)
{
	static const DWORD sizes[] = { 0x7FFFFFFF, 0xFFFFFFFF };

	for (int i = 0; i < 2; i++) {
		int before = fd_count();
		HANDLE r, w;

		SetLastError(0xdeadbeef);
		if (CreatePipe(&r, &w, NULL, sizes[i])) {
			struct anonpipe_info info;

			CHECK(anonpipe_info(hfd(r), &info));
			ASSERT_GT(info.capacity, 0);
			ASSERT_LE(info.capacity, param_get("max_size"));
			w_write(w, "ok", 2);
			w_close(r);
			w_close(w);
		} else {
			DWORD e = GetLastError();

			if (e != ERROR_NOT_ENOUGH_MEMORY && e != ERROR_NO_SYSTEM_RESOURCES &&
			    e != ERROR_NOT_ENOUGH_QUOTA)
				FAIL("CreatePipe(0x%x) failed with %u", sizes[i], e);
		}
		ASSERT_NO_FD_LEAK(before);
	}
}

TEST_CORE(b06_null_attributes_make_both_handles_non_inheritable)
{
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	ASSERT_EQ(w_flags(r) & HANDLE_FLAG_INHERIT, 0);
	ASSERT_EQ(w_flags(w) & HANDLE_FLAG_INHERIT, 0);
	ASSERT_FALSE(is_inheritable(r));
	ASSERT_FALSE(is_inheritable(w));
}

TEST_CORE(b07_inherit_true_makes_both_handles_inheritable)
{
	HANDLE r, w;

	w_pipe_inherit(&r, &w, 0, TRUE);
	ASSERT_EQ(w_flags(r) & HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
	ASSERT_EQ(w_flags(w) & HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
	ASSERT_TRUE(is_inheritable(r));
	ASSERT_TRUE(is_inheritable(w));
}

TEST_CORE(b07_inherit_false_makes_neither_handle_inheritable)
{
	HANDLE r, w;

	w_pipe_inherit(&r, &w, 0, FALSE);
	ASSERT_EQ(w_flags(r) & HANDLE_FLAG_INHERIT, 0);
	ASSERT_EQ(w_flags(w) & HANDLE_FLAG_INHERIT, 0);
}

TEST_LENIENT(b08_nlength_is_not_validated)
{
	static const DWORD lengths[] = { 0, 1, 0xdeadbeef };

	for (int i = 0; i < 3; i++) {
		SECURITY_ATTRIBUTES sa = { lengths[i], NULL, TRUE };
		HANDLE r, w;

		WIN_OK(CreatePipe(&r, &w, &sa, 0));
		ASSERT_TRUE(is_inheritable(r));
		ASSERT_TRUE(is_inheritable(w));
		w_close(r);
		w_close(w);
	}
}

TEST_LENIENT(b09_null_read_pointer_fails_invalid_parameter_creating_nothing)
{
	HANDLE w = NULL;
	int before = fd_count();

	WIN_FAILS(CreatePipe(NULL, &w, NULL, 0), ERROR_INVALID_PARAMETER);
	ASSERT_NO_FD_LEAK(before);
}

TEST_LENIENT(b09_null_write_pointer_fails_invalid_parameter_creating_nothing)
{
	HANDLE r = NULL;
	int before = fd_count();

	WIN_FAILS(CreatePipe(&r, NULL, NULL, 0), ERROR_INVALID_PARAMETER);
	ASSERT_NO_FD_LEAK(before);
}

TEST_LENIENT(b09_both_pointers_null_fails_invalid_parameter_creating_nothing)
{
	int before = fd_count();

	WIN_FAILS(CreatePipe(NULL, NULL, NULL, 0), ERROR_INVALID_PARAMETER);
	ASSERT_NO_FD_LEAK(before);
}

TEST_CORE(b10_failed_create_pipe_returns_false_and_leaks_nothing)
{
	struct rlimit rl, saved;
	int before = fd_count(), probe;
	HANDLE r, w;

	/* Room for one more descriptor only, so creation must fail. */
	probe = (int)CHECK(dup(0));
	CHECK(close(probe));
	CHECK(getrlimit(RLIMIT_NOFILE, &saved));
	rl = saved;
	rl.rlim_cur = (rlim_t)probe + 1;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl));
	SetLastError(0xdeadbeef);
	if (CreatePipe(&r, &w, NULL, 0))
		FAIL("CreatePipe succeeded with room for one descriptor");
	ASSERT_EQ(GetLastError(), ERROR_TOO_MANY_OPEN_FILES);
	CHECK(setrlimit(RLIMIT_NOFILE, &saved));
	ASSERT_NO_FD_LEAK(before);
	w_pipe(&r, &w, 0);
}

TEST_CORE(b11_repeated_create_use_close_cycles_give_independent_pipes)
{
	HANDLE r[4], w[4];
	char buf[8];

	for (int cycle = 0; cycle < 3; cycle++) {
		for (int i = 0; i < 4; i++)
			w_pipe(&r[i], &w[i], 0);
		for (int i = 0; i < 4; i++) {
			char c = (char)('A' + i);

			w_write(w[i], &c, 1);
		}
		for (int i = 0; i < 4; i++) {
			ASSERT_EQ(w_avail(r[i]), 1);
			w_read_exact(r[i], buf, 1);
			ASSERT_EQ(buf[0], 'A' + i);
			w_close(w[i]);
			w_close(r[i]);
		}
	}
}

TEST_CORE(b12_read_handle_is_read_only_and_write_handle_write_only)
{
	HANDLE r, w;

	w_pipe(&r, &w, 0);
	ASSERT_EQ(CHECK(fcntl(hfd(r), F_GETFL)) & O_ACCMODE, O_RDONLY);
	ASSERT_EQ(CHECK(fcntl(hfd(w), F_GETFL)) & O_ACCMODE, O_WRONLY);
}

TEST_CORE(b13_blocking_readfile_survives_signals_and_gets_the_data)
{
	char buf[64];
	struct op o = { .buf = buf, .len = sizeof(buf) };
	struct hammer hm;
	struct bg b;
	HANDLE r, w;

	install_handler(SIGUSR1, 0);	/* no SA_RESTART */
	w_pipe(&r, &w, 0);
	o.h = r;
	bg_start(&b, op_readfile, &o);
	hammer_start(&hm, b.thread, SIGUSR1, 1000);
	BG_ASSERT_BLOCKED(&b);
	w_write(w, "survived", 8);
	BG_JOIN(&b);
	hammer_stop(&hm);
	ASSERT_GT(atomic_load(&sig_count), 10);
	ASSERT_TRUE(o.ok);
	ASSERT_EQ(o.cnt, 8);
	ASSERT_MEMEQ(buf, "survived", 8);
	ASSERT_EQ(w_avail(r), 0);
}

TEST_CORE(b13_blocking_writefile_survives_signals_and_writes_everything_once)
{
	const size_t len = 6 * 4096 + 17;
	char *out = malloc(len), *in = malloc(len);
	struct op o = { .buf = out, .len = len };
	struct hammer hm;
	struct bg b;
	HANDLE r, w;
	size_t got = 0;

	install_handler(SIGUSR1, 0);
	pattern_fill(out, len, 0, 13);
	w_pipe(&r, &w, 4096);
	o.h = w;
	bg_start(&b, op_writefile, &o);
	hammer_start(&hm, b.thread, SIGUSR1, 1000);
	BG_ASSERT_BLOCKED(&b);
	while (got < len) {
		DWORD cnt = 0;

		msleep(20);	/* keep the writer blocked while signals arrive */
		WIN_OK(ReadFile(r, in + got, 1500, &cnt, NULL));
		got += cnt;
	}
	BG_JOIN(&b);
	hammer_stop(&hm);
	ASSERT_GT(atomic_load(&sig_count), 10);
	ASSERT_TRUE(o.ok);
	ASSERT_EQ(o.cnt, len);
	ASSERT_EQ(got, len);
	ASSERT_EQ(pattern_check(in, len, 0, 13), -1);
	ASSERT_EQ(w_avail(r), 0);
}

TEST_CORE(b13_blocking_zero_length_readfile_survives_signals)
{
	char buf[4];
	struct op o = { .buf = buf, .len = 0 };
	struct hammer hm;
	struct bg b;
	HANDLE r, w;

	install_handler(SIGUSR1, 0);
	w_pipe(&r, &w, 0);
	o.h = r;
	bg_start(&b, op_readfile, &o);
	hammer_start(&hm, b.thread, SIGUSR1, 1000);
	BG_ASSERT_BLOCKED(&b);
	w_write(w, "x", 1);
	BG_JOIN(&b);
	hammer_stop(&hm);
	ASSERT_TRUE(o.ok);
	ASSERT_EQ(o.cnt, 0);
	ASSERT_EQ(w_avail(r), 1);
}

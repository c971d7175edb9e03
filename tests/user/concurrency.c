// SPDX-License-Identifier: GPL-2.0
/*
 * Several writers and readers moving checksummed data at once: no loss, no
 * duplication, no interleaving inside a 4096-byte write.
 *
 * Records are exactly 4096 bytes: a header (magic, writer id, sequence,
 * checksum of the payload) and a payload derived from (writer, sequence).
 * The pipe capacity is a multiple of 4096, so a reader asking for 4096
 * bytes always gets one whole record when writes are atomic; any short read
 * or bad checksum means a write was split or interleaved.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

#include "util.h"

#define REC 4096
#define MAGIC 0x41504950u	/* "APIP" */
#define NWRITERS 4
#define NREADERS 3
#define NRECORDS 200

struct rec_hdr {
	uint32_t magic;
	uint32_t writer;
	uint32_t seq;
	uint32_t sum;
};

static uint32_t fnv1a(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static void make_record(unsigned char *rec, uint32_t writer, uint32_t seq)
{
	struct rec_hdr h = { MAGIC, writer, seq, 0 };

	pattern_fill(rec + sizeof(h), REC - sizeof(h), 0, writer * 100003u + seq);
	h.sum = fnv1a(rec + sizeof(h), REC - sizeof(h));
	memcpy(rec, &h, sizeof(h));
}

/* Shared by the readers of one test. */
struct tally {
	atomic_int seen[NWRITERS][NRECORDS];
	atomic_int total;
};

/* Checks one record and counts it; last[] holds this reader's last
 * sequence per writer, to check FIFO order per writer. */
static void account(struct tally *t, const unsigned char *rec, int64_t *last)
{
	struct rec_hdr h;

	memcpy(&h, rec, sizeof(h));
	if (h.magic != MAGIC || h.writer >= NWRITERS || h.seq >= NRECORDS)
		FAIL("corrupt record header: magic 0x%x writer %u seq %u "
		     "(a write was split or interleaved)", h.magic, h.writer, h.seq);
	if (fnv1a(rec + sizeof(h), REC - sizeof(h)) != h.sum)
		FAIL("checksum mismatch in record writer %u seq %u", h.writer, h.seq);
	if ((int64_t)h.seq <= last[h.writer])
		FAIL("writer %u: seq %u after %lld (order broken)", h.writer, h.seq,
		     (long long)last[h.writer]);
	last[h.writer] = h.seq;
	if (atomic_fetch_add(&t->seen[h.writer][h.seq], 1) != 0)
		FAIL("record writer %u seq %u delivered twice", h.writer, h.seq);
	atomic_fetch_add(&t->total, 1);
}

static void assert_all_seen_once(struct tally *t)
{
	for (int w = 0; w < NWRITERS; w++)
		for (int s = 0; s < NRECORDS; s++)
			if (atomic_load(&t->seen[w][s]) != 1)
				FAIL("record writer %d seq %d seen %d times", w, s,
				     atomic_load(&t->seen[w][s]));
	ASSERT_EQ(atomic_load(&t->total), NWRITERS * NRECORDS);
}

enum api { API_POSIX, API_IOCTL, API_WIN32 };

struct worker {
	enum api api;
	int fd;
	HANDLE h;
	uint32_t id;
	struct tally *tally;
};

static void put_record(struct worker *wk, const unsigned char *rec)
{
	struct anonpipe_transfer t;

	switch (wk->api) {
	case API_POSIX:
		write_all(wk->fd, rec, REC);
		break;
	case API_IOCTL:
		CHECK(ap_xfer(wk->fd, ANONPIPE_IOC_WRITE, rec, REC, &t));
		ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
		ASSERT_EQ(t.bytes, REC);
		break;
	case API_WIN32:
		w_write(wk->h, rec, REC);
		break;
	}
}

/* Returns the bytes read, 0 at end of data. */
static size_t get_record(struct worker *wk, unsigned char *rec)
{
	struct anonpipe_transfer t;
	DWORD cnt;

	switch (wk->api) {
	case API_POSIX:
		return (size_t)CHECK(read(wk->fd, rec, REC));
	case API_IOCTL:
		CHECK(ap_xfer(wk->fd, ANONPIPE_IOC_READ, rec, REC, &t));
		if (t.status == ANONPIPE_STATUS_END_OF_DATA)
			return 0;
		ASSERT_EQ(t.status, ANONPIPE_STATUS_OK);
		return t.bytes;
	case API_WIN32:
		cnt = 0xdeadbeef;
		SetLastError(0xdeadbeef);
		if (!ReadFile(wk->h, rec, REC, &cnt, NULL)) {
			ASSERT_EQ(GetLastError(), ERROR_BROKEN_PIPE);
			return 0;
		}
		return cnt;
	}
	return 0;
}

static void *writer_main(void *p)
{
	struct worker *wk = p;
	unsigned char *rec = malloc(REC);

	for (uint32_t s = 0; s < NRECORDS; s++) {
		make_record(rec, wk->id, s);
		put_record(wk, rec);
	}
	free(rec);
	return NULL;
}

static void *reader_main(void *p)
{
	struct worker *wk = p;
	unsigned char *rec = malloc(REC);
	int64_t last[NWRITERS];
	size_t n;

	for (int i = 0; i < NWRITERS; i++)
		last[i] = -1;
	while ((n = get_record(wk, rec)) != 0) {
		if (n != REC)
			FAIL("read returned %zu bytes, not one whole %d-byte record", n,
			     REC);
		account(wk->tally, rec, last);
	}
	free(rec);
	return NULL;
}

/* A pipe of the given capacity through api: fds for POSIX and ioctl, handles
 * for Win32; the other pair stays -1 / NULL. */
static void api_pipe(enum api api, uint64_t capacity, int *r, int *w,
		     HANDLE *hr, HANDLE *hw)
{
	*r = *w = -1;
	*hr = *hw = NULL;
	if (api == API_WIN32)
		w_pipe(hr, hw, (DWORD)capacity);
	else
		ap_pipe(capacity, 0, r, w);
}

/* Starts NWRITERS writer_main threads on the write end. */
static void start_writers(enum api api, int w, HANDLE hw, struct tally *tally,
			  struct worker wr[NWRITERS], pthread_t wt[NWRITERS])
{
	for (int i = 0; i < NWRITERS; i++) {
		wr[i] = (struct worker){ api, w, hw, (uint32_t)i, tally };
		CHECK(-pthread_create(&wt[i], NULL, writer_main, &wr[i]));
	}
}

/* Waits for the writers, closes the write end, then waits for the readers
 * (which stop at end of data). */
static void finish(enum api api, int w, HANDLE hw, pthread_t wt[NWRITERS],
		   pthread_t rt[NREADERS])
{
	for (int i = 0; i < NWRITERS; i++)
		pthread_join(wt[i], NULL);
	if (api == API_WIN32)
		w_close(hw);
	else
		CHECK(close(w));
	for (int i = 0; i < NREADERS; i++)
		pthread_join(rt[i], NULL);
}

static void run_threads(enum api api, uint64_t capacity)
{
	struct worker wr[NWRITERS], rd[NREADERS];
	pthread_t wt[NWRITERS], rt[NREADERS];
	struct tally *tally = calloc(1, sizeof(*tally));
	HANDLE hr, hw;
	int r, w;

	api_pipe(api, capacity, &r, &w, &hr, &hw);
	for (int i = 0; i < NREADERS; i++) {
		rd[i] = (struct worker){ api, r, hr, (uint32_t)i, tally };
		CHECK(-pthread_create(&rt[i], NULL, reader_main, &rd[i]));
	}
	start_writers(api, w, hw, tally, wr, wt);
	finish(api, w, hw, wt, rt);
	assert_all_seen_once(tally);
}

TEST_SLOW(concurrent_thread_writers_and_readers_posix_records_intact, 30)
{
	run_threads(API_POSIX, 4 * REC);
}

TEST_SLOW(concurrent_thread_writers_and_readers_ioctl_records_intact, 30)
{
	run_threads(API_IOCTL, 4 * REC);
}

TEST_SLOW(concurrent_thread_writers_and_readers_win32_records_intact, 30)
{
	run_threads(API_WIN32, 4 * REC);
}

TEST_SLOW(concurrent_records_through_single_record_capacity, 30)
{
	run_threads(API_POSIX, REC);
}

TEST_SLOW(concurrent_writer_processes_and_reader_threads_records_intact, 30)
{
	struct worker rd[NREADERS];
	pthread_t rt[NREADERS];
	struct tally *tally = calloc(1, sizeof(*tally));
	pid_t pids[NWRITERS];
	int r, w, status;

	ap_pipe(4 * REC, 0, &r, &w);
	for (int i = 0; i < NWRITERS; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			struct worker wk = { API_POSIX, w, NULL, (uint32_t)i, NULL };

			close(r);
			writer_main(&wk);
			_exit(0);
		}
		ASSERT_GT(pids[i], 0);
	}
	CHECK(close(w));
	for (int i = 0; i < NREADERS; i++) {
		rd[i] = (struct worker){ API_IOCTL, r, NULL, (uint32_t)i, tally };
		CHECK(-pthread_create(&rt[i], NULL, reader_main, &rd[i]));
	}
	for (int i = 0; i < NREADERS; i++)
		pthread_join(rt[i], NULL);
	for (int i = 0; i < NWRITERS; i++) {
		CHECK(waitpid(pids[i], &status, 0));
		ASSERT_EQ(status, 0);
	}
	assert_all_seen_once(tally);
}

/*
 * Readers taking odd-sized bites leave odd amounts of room, so a writer that
 * split its record would let another writer's bytes in between. The readers
 * take turns (a mutex) so the byte stream can be reassembled in order.
 */
struct odd_readers {
	pthread_mutex_t lock;
	struct worker wk;
	unsigned char asm_buf[2 * REC + 8192];
	size_t asm_len;
	int64_t last[NWRITERS];
	int eof;
	unsigned int seed;
};

static void *odd_reader_main(void *p)
{
	struct odd_readers *o = p;
	unsigned char tmp[6000];

	for (;;) {
		pthread_mutex_lock(&o->lock);
		if (o->eof) {
			pthread_mutex_unlock(&o->lock);
			return NULL;
		}
		size_t want = 1 + (size_t)(rand_r(&o->seed) % sizeof(tmp));
		ssize_t n;
		DWORD cnt;

		if (o->wk.api == API_WIN32) {
			SetLastError(0xdeadbeef);
			if (ReadFile(o->wk.h, tmp, (DWORD)want, &cnt, NULL)) {
				n = cnt;
			} else {
				ASSERT_EQ(GetLastError(), ERROR_BROKEN_PIPE);
				n = 0;
			}
		} else {
			n = CHECK(read(o->wk.fd, tmp, want));
		}
		if (n == 0)
			o->eof = 1;
		memcpy(o->asm_buf + o->asm_len, tmp, (size_t)n);
		o->asm_len += (size_t)n;
		while (o->asm_len >= REC) {
			account(o->wk.tally, o->asm_buf, o->last);
			memmove(o->asm_buf, o->asm_buf + REC, o->asm_len - REC);
			o->asm_len -= REC;
		}
		pthread_mutex_unlock(&o->lock);
	}
}

static void run_odd_reads(enum api api)
{
	struct odd_readers *o = calloc(1, sizeof(*o));
	struct worker wr[NWRITERS];
	pthread_t wt[NWRITERS], rt[NREADERS];
	struct tally *tally = calloc(1, sizeof(*tally));
	HANDLE hr, hw;
	int r, w;

	api_pipe(api, 10000, &r, &w, &hr, &hw);
	pthread_mutex_init(&o->lock, NULL);
	o->wk = (struct worker){ api, r, hr, 0, tally };
	o->seed = 12345;
	for (int i = 0; i < NWRITERS; i++)
		o->last[i] = -1;
	for (int i = 0; i < NREADERS; i++)
		CHECK(-pthread_create(&rt[i], NULL, odd_reader_main, o));
	start_writers(api, w, hw, tally, wr, wt);
	finish(api, w, hw, wt, rt);
	ASSERT_EQ(o->asm_len, 0);
	assert_all_seen_once(tally);
}

TEST_SLOW(concurrent_records_survive_odd_sized_reads_unsplit_posix, 30)
{
	run_odd_reads(API_POSIX);
}

TEST_SLOW(concurrent_records_survive_odd_sized_reads_unsplit_win32, 30)
{
	run_odd_reads(API_WIN32);
}

/* ---- non-atomic (large) writes: per-writer streams stay complete ---- */

#define STREAM_BYTES (1 << 20)

/* Byte i of writer k: the writer id in the top two bits, a position-derived
 * value in the low six. */
static unsigned char tagged(int k, uint64_t i)
{
	return (unsigned char)((k << 6) | ((i * 7 + (i >> 6)) & 63));
}

struct tagwriter {
	int fd;
	int id;
};

static void *tagged_writer(void *p)
{
	struct tagwriter *tw = p;
	unsigned char *buf = malloc(20000);
	uint64_t off = 0;
	unsigned int seed = (unsigned int)tw->id + 1;

	while (off < STREAM_BYTES) {
		size_t n = 4097 + (size_t)(rand_r(&seed) % 15000);

		if (n > STREAM_BYTES - off)
			n = STREAM_BYTES - off;
		for (size_t i = 0; i < n; i++)
			buf[i] = tagged(tw->id, off + i);
		write_all(tw->fd, buf, n);
		off += n;
	}
	free(buf);
	return NULL;
}

TEST_SLOW(concurrent_large_writes_keep_each_writer_stream_complete_and_ordered, 30)
{
	struct tagwriter tw[4];
	pthread_t th[4];
	uint64_t pos[4] = { 0 };
	unsigned char *buf = malloc(65536);
	ssize_t n;
	int r, w;

	ap_pipe(10007, 0, &r, &w);
	for (int i = 0; i < 4; i++) {
		tw[i] = (struct tagwriter){ w, i };
		CHECK(-pthread_create(&th[i], NULL, tagged_writer, &tw[i]));
	}
	/* A single reader, so the interleaving is observed exactly. */
	for (int done = 0; done < 4;) {
		n = CHECK(read(r, buf, 65536));
		ASSERT_GT(n, 0);
		for (ssize_t i = 0; i < n; i++) {
			int k = buf[i] >> 6;

			if (buf[i] != tagged(k, pos[k]))
				FAIL("writer %d byte %llu: got 0x%02x, expected 0x%02x", k,
				     (unsigned long long)pos[k], buf[i], tagged(k, pos[k]));
			if (++pos[k] == STREAM_BYTES)
				done++;
			if (pos[k] > STREAM_BYTES)
				FAIL("writer %d delivered more than it wrote", k);
		}
	}
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	CHECK(close(w));
	ASSERT_EQ(CHECK(read(r, buf, 65536)), 0);
}

TEST_SLOW(single_writer_single_reader_stream_integrity_with_odd_capacity, 30)
{
	const size_t total = 4 << 20;
	unsigned char *out = malloc(30000), *in = malloc(30000);
	uint64_t off = 0;
	unsigned int seed = 7;
	int r, w;
	pid_t pid;

	ap_pipe(9973, 0, &r, &w);
	pid = fork();
	if (pid == 0) {
		close(r);
		while (off < total) {
			size_t n = 1 + (size_t)(rand_r(&seed) % 30000);

			if (n > total - off)
				n = total - off;
			pattern_fill(out, n, off, 77);
			write_all(w, out, n);
			off += n;
		}
		_exit(0);
	}
	CHECK(close(w));
	for (;;) {
		size_t want = 1 + (size_t)(rand_r(&seed) % 30000);
		ssize_t n = CHECK(read(r, in, want));

		if (n == 0)
			break;
		long bad = pattern_check(in, (size_t)n, off, 77);

		if (bad >= 0)
			FAIL("stream byte %llu corrupt", (unsigned long long)(off + bad));
		off += (uint64_t)n;
	}
	ASSERT_EQ(off, total);
	int status;

	CHECK(waitpid(pid, &status, 0));
	ASSERT_EQ(status, 0);
}

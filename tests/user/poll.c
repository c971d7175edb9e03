// SPDX-License-Identifier: GPL-2.0
/*
 * poll, select and epoll report POLLIN, POLLOUT, POLLHUP and POLLERR as
 * pipe(2) does, and wake on the events.
 */
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/select.h>

#include "util.h"

#define RMASK (POLLIN | POLLRDNORM | POLLHUP | POLLERR | POLLOUT)

static short revents(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	ASSERT_EQ(CHECK(poll(&p, 1, 0)) , p.revents ? 1 : 0);
	return p.revents;
}

TEST(poll_read_end_empty_reports_nothing)
{
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	ASSERT_EQ(revents(r, POLLIN | POLLOUT), 0);
}

TEST(poll_read_end_reports_pollin_when_data_queued)
{
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "x", 1);
	ASSERT_EQ(revents(r, POLLIN) & RMASK, POLLIN);
	ASSERT_EQ(revents(r, POLLIN | POLLRDNORM) & RMASK, POLLIN | POLLRDNORM);
}

TEST(poll_read_end_reports_pollhup_without_writers)
{
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	CHECK(close(w));
	ASSERT_EQ(revents(r, POLLIN) & RMASK, POLLHUP);
}

TEST(poll_read_end_reports_pollin_and_pollhup_with_data_and_no_writers)
{
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	write_all(w, "x", 1);
	CHECK(close(w));
	ASSERT_EQ(revents(r, POLLIN) & RMASK, POLLIN | POLLHUP);
}

TEST(poll_write_end_reports_pollout_when_a_pipe_buf_write_fits)
{
	int r, w;

	ap_pipe(8192, 0, &r, &w);
	fill(w, 8192 - 4096);
	ASSERT_EQ(revents(w, POLLOUT) & RMASK, POLLOUT);
}

/* As for pipe(2): POLLOUT promises that a PIPE_BUF write will not block. */
TEST(poll_write_end_reports_no_pollout_below_pipe_buf_room)
{
	int r, w;

	ap_pipe(8192, 0, &r, &w);
	fill(w, 8192 - 4095);
	ASSERT_EQ(revents(w, POLLOUT) & RMASK, 0);
}

TEST(poll_write_end_pollout_means_a_nonblocking_pipe_buf_write_succeeds)
{
	static char buf[4096];
	int r, w;

	ap_pipe(4096 + 100, ANONPIPE_CREATE_NONBLOCK, &r, &w);
	fill(w, 100);
	ASSERT_EQ(revents(w, POLLOUT) & RMASK, POLLOUT);
	ASSERT_EQ(CHECK(write(w, buf, sizeof(buf))), (ssize_t)sizeof(buf));
}

TEST(poll_write_end_full_reports_no_pollout)
{
	int r, w;

	ap_pipe(1, 0, &r, &w);
	fill(w, 1);
	ASSERT_EQ(revents(w, POLLOUT) & RMASK, 0);
}

TEST(poll_write_end_reports_pollerr_without_reader)
{
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	CHECK(close(r));
	ASSERT_TRUE(revents(w, POLLOUT) & POLLERR);
}

static void *poll_forever(void *p)
{
	struct pollfd *pfd = p;

	if (poll(pfd, 1, 10000) != 1)
		FAIL("poll did not report one ready fd");
	return NULL;
}

TEST(poll_blocked_on_empty_pipe_wakes_on_write_with_pollin)
{
	struct pollfd p;
	struct bg b;
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	p = (struct pollfd){ .fd = r, .events = POLLIN };
	BG_START_BLOCKED(&b, poll_forever, &p);
	write_all(w, "x", 1);
	BG_JOIN(&b);
	ASSERT_EQ(p.revents & RMASK, POLLIN);
}

TEST(poll_blocked_on_empty_pipe_wakes_on_writer_close_with_pollhup)
{
	struct pollfd p;
	struct bg b;
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	p = (struct pollfd){ .fd = r, .events = POLLIN };
	BG_START_BLOCKED(&b, poll_forever, &p);
	CHECK(close(w));
	BG_JOIN(&b);
	ASSERT_EQ(p.revents & RMASK, POLLHUP);
}

TEST(poll_blocked_on_full_pipe_wakes_on_read_with_pollout)
{
	struct pollfd p;
	struct bg b;
	char c[8];
	int r, w;

	ap_pipe(8, 0, &r, &w);
	fill(w, 8);
	p = (struct pollfd){ .fd = w, .events = POLLOUT };
	BG_START_BLOCKED(&b, poll_forever, &p);
	/* room for a whole write of the capacity, the PIPE_BUF of this pipe */
	ASSERT_EQ(CHECK(read(r, c, sizeof(c))), 8);
	BG_JOIN(&b);
	ASSERT_EQ(p.revents & RMASK, POLLOUT);
}

TEST(poll_blocked_on_full_pipe_wakes_on_reader_close_with_pollerr)
{
	struct pollfd p;
	struct bg b;
	int r, w;

	ap_pipe(8, 0, &r, &w);
	fill(w, 8);
	p = (struct pollfd){ .fd = w, .events = POLLOUT };
	BG_START_BLOCKED(&b, poll_forever, &p);
	CHECK(close(r));
	BG_JOIN(&b);
	ASSERT_TRUE(p.revents & POLLERR);
}

TEST(select_reports_read_end_readable_only_with_data)
{
	struct timeval tv = { 0, 0 };
	fd_set rs;
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	FD_ZERO(&rs);
	FD_SET(r, &rs);
	ASSERT_EQ(CHECK(select(r + 1, &rs, NULL, NULL, &tv)), 0);
	write_all(w, "x", 1);
	FD_ZERO(&rs);
	FD_SET(r, &rs);
	ASSERT_EQ(CHECK(select(r + 1, &rs, NULL, NULL, &tv)), 1);
	ASSERT_TRUE(FD_ISSET(r, &rs));
}

TEST(select_reports_write_end_writable_only_with_room)
{
	struct timeval tv = { 0, 0 };
	fd_set ws;
	int r, w;

	ap_pipe(16, 0, &r, &w);
	FD_ZERO(&ws);
	FD_SET(w, &ws);
	ASSERT_EQ(CHECK(select(w + 1, NULL, &ws, NULL, &tv)), 1);
	ASSERT_TRUE(FD_ISSET(w, &ws));
	fill(w, 16);
	FD_ZERO(&ws);
	FD_SET(w, &ws);
	ASSERT_EQ(CHECK(select(w + 1, NULL, &ws, NULL, &tv)), 0);
}

TEST(select_reports_read_end_readable_at_end_of_data)
{
	struct timeval tv = { 0, 0 };
	fd_set rs;
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	CHECK(close(w));
	FD_ZERO(&rs);
	FD_SET(r, &rs);
	ASSERT_EQ(CHECK(select(r + 1, &rs, NULL, NULL, &tv)), 1);
}

static int epoll_for(int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };
	int ep = (int)CHECK(epoll_create1(EPOLL_CLOEXEC));

	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
	return ep;
}

struct epwait {
	int ep;
	struct epoll_event ev;
	int n;
};

static void *epoll_wait_long(void *p)
{
	struct epwait *e = p;

	e->n = epoll_wait(e->ep, &e->ev, 1, 10000);
	return NULL;
}

TEST(epoll_wait_wakes_with_epollin_on_write)
{
	struct epwait e = { 0 };
	struct bg b;
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	e.ep = epoll_for(r, EPOLLIN);
	BG_START_BLOCKED(&b, epoll_wait_long, &e);
	write_all(w, "x", 1);
	BG_JOIN(&b);
	ASSERT_EQ(e.n, 1);
	ASSERT_EQ(e.ev.data.fd, r);
	ASSERT_EQ(e.ev.events & (EPOLLIN | EPOLLHUP), EPOLLIN);
}

TEST(epoll_wait_wakes_with_epollhup_on_writer_close)
{
	struct epwait e = { 0 };
	struct bg b;
	int r, w;

	ap_pipe(4096, 0, &r, &w);
	e.ep = epoll_for(r, EPOLLIN);
	BG_START_BLOCKED(&b, epoll_wait_long, &e);
	CHECK(close(w));
	BG_JOIN(&b);
	ASSERT_EQ(e.n, 1);
	ASSERT_TRUE(e.ev.events & EPOLLHUP);
}

TEST(epoll_wait_wakes_with_epollout_when_room_appears)
{
	struct epwait e = { 0 };
	struct bg b;
	char c[4];
	int r, w;

	ap_pipe(4, 0, &r, &w);
	fill(w, 4);
	e.ep = epoll_for(w, EPOLLOUT);
	BG_START_BLOCKED(&b, epoll_wait_long, &e);
	ASSERT_EQ(CHECK(read(r, c, sizeof(c))), 4);
	BG_JOIN(&b);
	ASSERT_EQ(e.n, 1);
	ASSERT_EQ(e.ev.events & (EPOLLOUT | EPOLLERR), EPOLLOUT);
}

TEST(epoll_reports_epollerr_on_write_end_without_reader)
{
	struct epoll_event ev;
	int r, w, ep;

	ap_pipe(4096, 0, &r, &w);
	ep = epoll_for(w, EPOLLOUT);
	CHECK(close(r));
	ASSERT_EQ(CHECK(epoll_wait(ep, &ev, 1, 0)), 1);
	ASSERT_TRUE(ev.events & EPOLLERR);
}

TEST(epoll_edge_triggered_reports_each_new_write_like_pipe)
{
	struct epoll_event ev;
	int r, w, ep;

	ap_pipe(4096, 0, &r, &w);
	ep = epoll_for(r, EPOLLIN | EPOLLET);
	write_all(w, "a", 1);
	ASSERT_EQ(CHECK(epoll_wait(ep, &ev, 1, 0)), 1);
	ASSERT_EQ(CHECK(epoll_wait(ep, &ev, 1, 0)), 0);	/* edge consumed */
	write_all(w, "b", 1);				/* pipe not empty */
	ASSERT_EQ(CHECK(epoll_wait(ep, &ev, 1, 0)), 1);
	ASSERT_TRUE(ev.events & EPOLLIN);
}

// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Passing a pipe handle to an unrelated process: the descriptor travels as
 * SCM_RIGHTS ancillary data over a Unix domain socket, next to one payload
 * byte (a stream socket carries no ancillary data without payload).
 */
#include <string.h>
#include <sys/socket.h>

#include "internal.h"

/* Room for exactly one descriptor; the kernel drops any extra ones. */
union fd_control {
	struct cmsghdr align;
	char buf[CMSG_SPACE(sizeof(int))];
};

struct fd_message {
	struct msghdr msg;
	struct iovec iov;
	union fd_control control;
	char byte;
};

static void fd_message_init(struct fd_message *m)
{
	memset(m, 0, sizeof(*m));
	m->iov.iov_base = &m->byte;
	m->iov.iov_len = 1;
	m->msg.msg_iov = &m->iov;
	m->msg.msg_iovlen = 1;
	m->msg.msg_control = m->control.buf;
	m->msg.msg_controllen = sizeof(m->control.buf);
}

/* The first descriptor in the message, or -1. */
static int fd_message_fd(struct fd_message *m)
{
	struct cmsghdr *cmsg;
	int fd;

	for (cmsg = CMSG_FIRSTHDR(&m->msg); cmsg;
	     cmsg = CMSG_NXTHDR(&m->msg, cmsg)) {
		if (cmsg->cmsg_level == SOL_SOCKET &&
		    cmsg->cmsg_type == SCM_RIGHTS &&
		    cmsg->cmsg_len >= CMSG_LEN(sizeof(int))) {
			memcpy(&fd, CMSG_DATA(cmsg), sizeof(fd));
			return fd;
		}
	}
	return -1;
}

ANONPIPE_API int anonpipe_send_fd(int socket_fd, int fd)
{
	struct fd_message m;
	struct cmsghdr *cmsg;
	int ret;

	fd_message_init(&m);
	cmsg = CMSG_FIRSTHDR(&m.msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(fd));

	/* EINTR means nothing was sent, so retrying cannot duplicate. */
	do
		ret = SYSCALL_NEG(sendmsg(socket_fd, &m.msg, MSG_NOSIGNAL));
	while (ret == -EINTR);
	return ret < 0 ? ret : 0;
}

ANONPIPE_API int anonpipe_receive_fd(int socket_fd, int cloexec)
{
	int flags = cloexec ? MSG_CMSG_CLOEXEC : 0;
	struct fd_message m;
	int ret;

	fd_message_init(&m);
	do
		ret = SYSCALL_NEG(recvmsg(socket_fd, &m.msg, flags));
	while (ret == -EINTR);
	if (ret < 0)
		return ret;
	if (ret == 0)
		return -EPIPE;		/* the sender closed its socket */
	ret = fd_message_fd(&m);
	return ret < 0 ? -EBADMSG : ret;
}

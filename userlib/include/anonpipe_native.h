/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * libanonpipe native API: thin wrappers over the /dev/anonpipe ioctls.
 *
 * Every function returns 0 (or a descriptor) on success and a negative errno
 * on failure, as liburing does; errno itself is left alone. The Win32 layer
 * in <anonpipe.h> is built only on these functions.
 *
 * Errors beyond those of ioctl(2):
 *   -EPIPE      read/peek: the pipe is empty and every writer is gone;
 *               write: the reader left while the write waited
 *   -ESHUTDOWN  write: no reader was open when the write began
 *   -EACCES     the handle is the wrong end for the operation
 *   -ENOTTY     the descriptor is not an anonpipe handle
 *   -EAGAIN     the handle is nonblocking and the call would wait
 *   -EINTR      a signal arrived; *moved tells how much was transferred
 *   -EDQUOT     the user's total buffer limit (module parameter) is reached
 */
#ifndef ANONPIPE_NATIVE_H
#define ANONPIPE_NATIVE_H

#include <stddef.h>
#include <stdint.h>
#include <linux/anonpipe.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ANONPIPE_DEVICE_PATH "/dev/anonpipe"

/* The two handles of a new pipe and the capacity the module granted. */
struct anonpipe_fds {
	int read_fd;
	int write_fd;
	uint64_t capacity;
};

/* flags: ANONPIPE_CREATE_CLOEXEC and/or ANONPIPE_CREATE_NONBLOCK */
int anonpipe_create(uint64_t size, unsigned int flags, struct anonpipe_fds *fds);

/* Returns what is queued, up to len; waits while empty. len 0 waits too. */
int anonpipe_read(int fd, void *buf, size_t len, size_t *moved);

/* Writes all len bytes, waiting for room; never raises SIGPIPE. */
int anonpipe_write(int fd, const void *buf, size_t len, size_t *moved);

/* Copies up to len queued bytes without consuming them; never waits. */
int anonpipe_peek(int fd, void *buf, size_t len, size_t *copied,
		  size_t *available);

int anonpipe_info(int fd, struct anonpipe_info *info);

/* Passing a handle to an unrelated process over a Unix socket (SCM_RIGHTS). */
int anonpipe_send_fd(int socket_fd, int fd);
/* Returns the received descriptor; cloexec selects FD_CLOEXEC on it. */
int anonpipe_receive_fd(int socket_fd, int cloexec);

#ifdef __cplusplus
}
#endif

#endif /* ANONPIPE_NATIVE_H */

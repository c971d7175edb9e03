// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * HANDLE <-> fd encoding, CloseHandle, GetCurrentProcess, and moving
 * handles between processes over a Unix socket.
 *
 * A HANDLE is (fd + 1): fd 0 must not be NULL, and (HANDLE)-1 must stay
 * free because it is both INVALID_HANDLE_VALUE and the current-process
 * pseudo-handle.
 */
#include <limits.h>
#include <unistd.h>

#include "internal.h"

ANONPIPE_API int anonpipe_handle_to_fd(HANDLE handle)
{
	uintptr_t value = (uintptr_t)handle;

	/* NULL, INVALID_HANDLE_VALUE and other huge values encode no fd. */
	if (value == 0 || value > INT_MAX)
		return -1;
	return (int)(value - 1);
}

ANONPIPE_API HANDLE anonpipe_fd_to_handle(int fd)
{
	if (fd < 0 || fd >= INT_MAX)
		return INVALID_HANDLE_VALUE;
	return (HANDLE)(uintptr_t)(fd + 1);
}

HANDLE __anonpipe_new_handle(int fd)
{
	/* The fd number may have carried a flag before close(2) freed it. */
	__anonpipe_protect_set(fd, 0);
	return anonpipe_fd_to_handle(fd);
}

int __anonpipe_close_fd(int fd)
{
	int ret;

	/*
	 * A protected handle is not closed; NT reports
	 * STATUS_HANDLE_NOT_CLOSABLE, i.e. ERROR_INVALID_HANDLE (B-66).
	 */
	if (fd < 0 || __anonpipe_protect_get(fd))
		return -EBADF;
	ret = SYSCALL_NEG(close(fd));
	/* Linux has released the fd even when close() reports EINTR. */
	return ret == -EINTR ? 0 : ret;
}

ANONPIPE_API HANDLE GetCurrentProcess(void)
{
	return (HANDLE)(intptr_t)-1;
}

ANONPIPE_API BOOL CloseHandle(HANDLE hObject)
{
	/* Windows lets the pseudo-handle be "closed" (B-63). */
	if (hObject == GetCurrentProcess())
		return TRUE;
	return __anonpipe_result(
		__anonpipe_close_fd(anonpipe_handle_to_fd(hObject)));
}

ANONPIPE_API BOOL anonpipe_send_handle(int socket_fd, HANDLE handle)
{
	int fd = anonpipe_handle_to_fd(handle);

	return __anonpipe_result(fd < 0 ? -EBADF :
				 anonpipe_send_fd(socket_fd, fd));
}

ANONPIPE_API HANDLE anonpipe_receive_handle(int socket_fd, BOOL bInheritHandle)
{
	int fd = anonpipe_receive_fd(socket_fd, !bInheritHandle);

	if (fd < 0) {
		__anonpipe_fail(fd);
		return INVALID_HANDLE_VALUE;
	}
	return __anonpipe_new_handle(fd);
}

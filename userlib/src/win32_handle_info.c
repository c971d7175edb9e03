// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * GetHandleInformation and SetHandleInformation. HANDLE_FLAG_INHERIT is the
 * absence of FD_CLOEXEC, so exec(2) passes exactly the inheritable handles
 * on; HANDLE_FLAG_PROTECT_FROM_CLOSE lives in the library's protect table.
 */
#include <fcntl.h>

#include "internal.h"

/* The FD_* flags of the handle's fd (and the fd itself), or -errno. */
static int handle_fd_flags(HANDLE handle, int *fd)
{
	*fd = anonpipe_handle_to_fd(handle);
	if (*fd < 0)
		return -EBADF;	/* also the pseudo-handle (B-94) */
	return SYSCALL_NEG(fcntl(*fd, F_GETFD));
}

static int set_inherit(int fd, int fd_flags, int inherit)
{
	int wanted = inherit ? fd_flags & ~FD_CLOEXEC : fd_flags | FD_CLOEXEC;

	if (wanted == fd_flags)
		return 0;
	return SYSCALL_NEG(fcntl(fd, F_SETFD, wanted));
}

ANONPIPE_API BOOL GetHandleInformation(HANDLE hObject, LPDWORD lpdwFlags)
{
	int fd, fd_flags = handle_fd_flags(hObject, &fd);

	if (fd_flags < 0)
		return __anonpipe_fail(fd_flags);
	if (!lpdwFlags)
		return __anonpipe_fail(EINVAL);
	*lpdwFlags = (fd_flags & FD_CLOEXEC ? 0 : HANDLE_FLAG_INHERIT) |
		     (__anonpipe_protect_get(fd) ?
		      HANDLE_FLAG_PROTECT_FROM_CLOSE : 0);
	return TRUE;
}

/* Only the bits in dwMask change; other mask bits are ignored (B-91). */
ANONPIPE_API BOOL SetHandleInformation(HANDLE hObject, DWORD dwMask,
				       DWORD dwFlags)
{
	int fd, fd_flags = handle_fd_flags(hObject, &fd);
	int ret = fd_flags;

	if (ret >= 0 && (dwMask & HANDLE_FLAG_INHERIT))
		ret = set_inherit(fd, fd_flags, dwFlags & HANDLE_FLAG_INHERIT);
	if (ret >= 0 && (dwMask & HANDLE_FLAG_PROTECT_FROM_CLOSE))
		ret = __anonpipe_protect_set(fd,
				dwFlags & HANDLE_FLAG_PROTECT_FROM_CLOSE);
	return __anonpipe_result(ret);
}

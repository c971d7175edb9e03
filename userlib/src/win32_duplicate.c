// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * DuplicateHandle within the calling process. A Linux process cannot reach
 * into another's descriptor table, so any process handle other than
 * GetCurrentProcess() is rejected with ERROR_INVALID_PARAMETER; to give a
 * handle to another process, use anonpipe_send_handle() and
 * anonpipe_receive_handle(), or let it inherit the handle across exec(2).
 */
#include <fcntl.h>

#include "internal.h"

/* What each end may be asked for; the rest of its NT mask is not modelled. */
#define READ_END_ACCESS  (GENERIC_READ | FILE_READ_DATA | SYNCHRONIZE)
#define WRITE_END_ACCESS (GENERIC_WRITE | FILE_WRITE_DATA | FILE_APPEND_DATA | \
			  SYNCHRONIZE)

/* A zero-length peek moves nothing and succeeds only on a read end. */
static int end_access(int fd, DWORD *access)
{
	int ret = anonpipe_peek(fd, NULL, 0, NULL, NULL);

	if (ret == 0 || ret == -EPIPE)
		*access = READ_END_ACCESS;
	else if (ret == -EACCES)
		*access = WRITE_END_ACCESS;
	else
		return ret;
	return 0;
}

/*
 * An fd cannot drop access rights, so a duplicate keeps the access of its
 * end; asking for more than the end has fails (B-84).
 */
static int check_access(int fd, DWORD desired)
{
	DWORD granted = 0;
	int ret;

	if (!desired)
		return 0;
	ret = end_access(fd, &granted);
	if (ret < 0)
		return ret;
	return desired & ~granted ? -EACCES : 0;
}

/* The new fd, or -errno. */
static int duplicate_fd(int fd, DWORD desired, BOOL inherit, DWORD options)
{
	int ret = 0;

	if (fd < 0)
		return -EBADF;
	if (!(options & DUPLICATE_SAME_ACCESS))
		ret = check_access(fd, desired);
	if (ret < 0)
		return ret;
	return SYSCALL_NEG(fcntl(fd, inherit ? F_DUPFD : F_DUPFD_CLOEXEC, 0));
}

ANONPIPE_API BOOL DuplicateHandle(HANDLE hSourceProcessHandle,
				  HANDLE hSourceHandle,
				  HANDLE hTargetProcessHandle,
				  LPHANDLE lpTargetHandle,
				  DWORD dwDesiredAccess, BOOL bInheritHandle,
				  DWORD dwOptions)
{
	int fd = anonpipe_handle_to_fd(hSourceHandle);
	HANDLE duplicate;
	int ret;

	if (hSourceProcessHandle != GetCurrentProcess())
		return __anonpipe_fail(EINVAL);

	if (hTargetProcessHandle == GetCurrentProcess())
		ret = duplicate_fd(fd, dwDesiredAccess, bInheritHandle, dwOptions);
	else
		ret = -EINVAL;
	/* The source goes "regardless of any error status" (B-86). */
	if (dwOptions & DUPLICATE_CLOSE_SOURCE)
		__anonpipe_close_fd(fd);
	if (ret < 0)
		return __anonpipe_fail(ret);

	duplicate = __anonpipe_new_handle(ret);
	/* A NULL target is legal: the duplicate then leaks (B-87). */
	if (lpTargetHandle)
		*lpTargetHandle = duplicate;
	return TRUE;
}

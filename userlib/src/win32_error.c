// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * The per-thread last error, and the one table that turns an errno into a
 * Win32 error code. Every Win32 function of the library fails through
 * __anonpipe_fail(), including failures it detects itself (a NULL pointer is
 * EINVAL, a bad handle EBADF), so the error contract lives only here, in the
 * manner of Wine's errno_to_status().
 */
#include <stdlib.h>

#include "internal.h"

static __thread DWORD last_error;

struct errno_map {
	int err;
	DWORD win32;
	uint32_t ntstatus;	/* for OVERLAPPED.Internal, as NT fills it */
};

/*
 * errno           Win32                          NTSTATUS
 * EPIPE           ERROR_BROKEN_PIPE (109)        STATUS_PIPE_BROKEN
 *                 read/peek at end of data; write whose reader left
 * ESHUTDOWN       ERROR_NO_DATA (232)            STATUS_PIPE_CLOSING
 *                 write with no reader (B-32, B-34)
 * EAGAIN          ERROR_NO_DATA (232)            STATUS_PIPE_EMPTY
 *                 a nonblocking handle would wait (B-105)
 * EACCES, EPERM   ERROR_ACCESS_DENIED (5)        STATUS_ACCESS_DENIED
 * EBADF           ERROR_INVALID_HANDLE (6)       STATUS_INVALID_HANDLE
 * ENOTTY,ENOTSOCK ERROR_INVALID_HANDLE (6)       STATUS_OBJECT_TYPE_MISMATCH
 * EFAULT          ERROR_NOACCESS (998)           STATUS_ACCESS_VIOLATION
 * EINVAL          ERROR_INVALID_PARAMETER (87)   STATUS_INVALID_PARAMETER
 * ENOMEM          ERROR_NOT_ENOUGH_MEMORY (8)    STATUS_NO_MEMORY
 * ENOBUFS         ERROR_NO_SYSTEM_RESOURCES      STATUS_INSUFFICIENT_RESOURCES
 * EDQUOT          ERROR_NOT_ENOUGH_QUOTA (1816)  STATUS_QUOTA_EXCEEDED
 * EMFILE, ENFILE  ERROR_TOO_MANY_OPEN_FILES (4)  STATUS_TOO_MANY_OPENED_FILES
 * ENOENT, ENODEV,
 * ENXIO           ERROR_FILE_NOT_FOUND (2)       STATUS_OBJECT_NAME_NOT_FOUND
 *                 /dev/anonpipe missing or the module not loaded
 * EINTR           ERROR_OPERATION_ABORTED (995)  STATUS_CANCELLED
 *                 ReadFile/WriteFile retry instead; kept for completeness
 * EOPNOTSUPP,
 * ENOSYS          ERROR_NOT_SUPPORTED (50)       STATUS_NOT_SUPPORTED
 * EBADMSG         ERROR_INVALID_DATA (13)        STATUS_DATA_ERROR
 *                 a received message carried no handle
 * anything else   ERROR_INVALID_FUNCTION (1)     STATUS_INVALID_DEVICE_REQUEST
 */
static const struct errno_map errno_map[] = {
	{ 0,		ERROR_SUCCESS,			0x00000000 },
	{ EPIPE,	ERROR_BROKEN_PIPE,		0xC000014B },
	{ ESHUTDOWN,	ERROR_NO_DATA,			0xC00000B1 },
	{ EAGAIN,	ERROR_NO_DATA,			0xC00000D9 },
	{ EACCES,	ERROR_ACCESS_DENIED,		0xC0000022 },
	{ EPERM,	ERROR_ACCESS_DENIED,		0xC0000022 },
	{ EBADF,	ERROR_INVALID_HANDLE,		0xC0000008 },
	{ ENOTTY,	ERROR_INVALID_HANDLE,		0xC0000024 },
	{ ENOTSOCK,	ERROR_INVALID_HANDLE,		0xC0000024 },
	{ EFAULT,	ERROR_NOACCESS,			0xC0000005 },
	{ EINVAL,	ERROR_INVALID_PARAMETER,	0xC000000D },
	{ ENOMEM,	ERROR_NOT_ENOUGH_MEMORY,	0xC0000017 },
	{ ENOBUFS,	ERROR_NO_SYSTEM_RESOURCES,	0xC000009A },
	{ EDQUOT,	ERROR_NOT_ENOUGH_QUOTA,		0xC0000044 },
	{ EMFILE,	ERROR_TOO_MANY_OPEN_FILES,	0xC000011F },
	{ ENFILE,	ERROR_TOO_MANY_OPEN_FILES,	0xC000011F },
	{ ENOENT,	ERROR_FILE_NOT_FOUND,		0xC0000034 },
	{ ENODEV,	ERROR_FILE_NOT_FOUND,		0xC0000034 },
	{ ENXIO,	ERROR_FILE_NOT_FOUND,		0xC0000034 },
	{ EINTR,	ERROR_OPERATION_ABORTED,	0xC0000120 },
	{ EOPNOTSUPP,	ERROR_NOT_SUPPORTED,		0xC00000BB },
	{ ENOSYS,	ERROR_NOT_SUPPORTED,		0xC00000BB },
	{ EBADMSG,	ERROR_INVALID_DATA,		0xC000003E },
};

static const struct errno_map unknown_errno = {
	-1, ERROR_INVALID_FUNCTION, 0xC0000010
};

static const struct errno_map *lookup(int err)
{
	size_t i;

	err = abs(err);
	for (i = 0; i < sizeof(errno_map) / sizeof(errno_map[0]); i++)
		if (errno_map[i].err == err)
			return &errno_map[i];
	return &unknown_errno;
}

BOOL __anonpipe_fail(int err)
{
	last_error = lookup(err)->win32;
	return FALSE;
}

BOOL __anonpipe_result(int ret)
{
	return ret < 0 ? __anonpipe_fail(ret) : TRUE;
}

uint32_t __anonpipe_ntstatus(int err)
{
	return lookup(err)->ntstatus;
}

ANONPIPE_API DWORD GetLastError(void)
{
	return last_error;
}

ANONPIPE_API void SetLastError(DWORD dwErrCode)
{
	last_error = dwErrCode;
}

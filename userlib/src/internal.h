/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Internal helpers of libanonpipe. Nothing here is part of the ABI: the
 * library builds with -fvisibility=hidden, and only definitions marked
 * ANONPIPE_API (and listed in libanonpipe.map) are exported. The internal
 * names carry a __anonpipe_ prefix because the static archive still shows
 * them to the linker.
 */
#ifndef ANONPIPE_INTERNAL_H
#define ANONPIPE_INTERNAL_H

#include <errno.h>
#include <anonpipe.h>

#define ANONPIPE_API __attribute__((visibility("default")))

/*
 * Evaluates a libc call that reports failure through errno and yields its
 * result, or -errno on failure. errno is restored, so the library never
 * changes the caller's errno (the liburing convention).
 */
#define SYSCALL_NEG(call) ({					\
	int saved_errno_ = errno;				\
	long ret_ = (call);					\
	if (ret_ < 0)						\
		ret_ = -errno;					\
	errno = saved_errno_;					\
	(int)ret_;						\
})

/*
 * Largest length passed to one READ/WRITE/PEEK ioctl. The module rejects
 * lengths above MAX_RW_COUNT (INT_MAX rounded down to a page) and a DWORD
 * can exceed that; 1 GiB stays below it on every page size.
 */
#define ANONPIPE_IO_CHUNK ((size_t)1 << 30)

/* win32_error.c: the errno -> Win32/NTSTATUS table; err may have either sign */
BOOL __anonpipe_fail(int err);		/* sets the last error, returns FALSE */
BOOL __anonpipe_result(int ret);	/* TRUE if ret >= 0, else fails */
uint32_t __anonpipe_ntstatus(int err);

/* win32_handle.c */
HANDLE __anonpipe_new_handle(int fd);	/* wraps a fresh fd, clears stale flags */
int __anonpipe_close_fd(int fd);	/* honours PROTECT_FROM_CLOSE */

/* protect_table.c: HANDLE_FLAG_PROTECT_FROM_CLOSE, kept per fd */
int __anonpipe_protect_get(int fd);
int __anonpipe_protect_set(int fd, int protect);

#endif /* ANONPIPE_INTERNAL_H */

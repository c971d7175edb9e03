// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * CreatePipe, ReadFile, WriteFile and PeekNamedPipe over the native API.
 *
 * Pipe handles are synchronous and non-alertable on Windows (B-13), so a
 * signal never surfaces: ReadFile retries when nothing moved, and WriteFile
 * carries on with the remainder, so no byte is lost or written twice.
 */
#include "internal.h"

static size_t io_len(DWORD len)
{
	return len < ANONPIPE_IO_CHUNK ? len : ANONPIPE_IO_CHUNK;
}

/* Reads what is queued; the module fails with EINTR only if nothing moved. */
static int read_some(int fd, void *buf, size_t len, size_t *moved)
{
	int ret;

	do
		ret = anonpipe_read(fd, buf, len, moved);
	while (ret == -EINTR);
	return ret;
}

/* Writes all of buf, through signals and the per-ioctl length limit. */
static int write_all(int fd, void *buf, size_t len, size_t *done)
{
	size_t moved;
	int ret;

	*done = 0;
	do {
		ret = anonpipe_write(fd, (char *)buf + *done,
				     io_len(len - *done), &moved);
		*done += moved;
	} while (ret == -EINTR || (ret == 0 && moved && *done < len));

	/* A nonblocking handle reports what fitted, like PIPE_NOWAIT. */
	if (ret == -EAGAIN && *done)
		ret = 0;
	return ret;
}

/*
 * The common body of ReadFile and WriteFile. The count is zeroed before
 * anything else and stays 0 on failure (B-96). An OVERLAPPED is used the
 * way NT uses it on a synchronous handle, as the I/O status block (B-98):
 * Internal gets the NTSTATUS, InternalHigh what really moved.
 */
static BOOL sync_io(HANDLE handle, int (*io)(int, void *, size_t, size_t *),
		    void *buf, size_t len, LPDWORD count,
		    LPOVERLAPPED overlapped)
{
	int fd = anonpipe_handle_to_fd(handle);
	size_t moved = 0;
	int ret;

	if (count)
		*count = 0;
	ret = fd < 0 ? -EBADF : io(fd, buf, len, &moved);
	if (overlapped) {
		overlapped->Internal = __anonpipe_ntstatus(ret);
		overlapped->InternalHigh = moved;
	}
	if (ret < 0)
		return __anonpipe_fail(ret);
	if (count)
		*count = moved;
	return TRUE;
}

ANONPIPE_API BOOL CreatePipe(PHANDLE hReadPipe, PHANDLE hWritePipe,
			     LPSECURITY_ATTRIBUTES lpPipeAttributes,
			     DWORD nSize)
{
	unsigned int flags = ANONPIPE_CREATE_CLOEXEC;
	struct anonpipe_fds fds;
	int ret;

	if (!hReadPipe || !hWritePipe)
		return __anonpipe_fail(EINVAL);		/* B-09 */
	/* nLength is not checked, as on Windows (B-08). */
	if (lpPipeAttributes && lpPipeAttributes->bInheritHandle)
		flags = 0;
	/* nSize 0 selects the module's default; big sizes are clamped. */
	ret = anonpipe_create(nSize, flags, &fds);
	if (ret < 0)
		return __anonpipe_fail(ret);
	*hReadPipe = __anonpipe_new_handle(fds.read_fd);
	*hWritePipe = __anonpipe_new_handle(fds.write_fd);
	return TRUE;
}

ANONPIPE_API BOOL ReadFile(HANDLE hFile, LPVOID lpBuffer,
			   DWORD nNumberOfBytesToRead,
			   LPDWORD lpNumberOfBytesRead,
			   LPOVERLAPPED lpOverlapped)
{
	return sync_io(hFile, read_some, lpBuffer, io_len(nNumberOfBytesToRead),
		       lpNumberOfBytesRead, lpOverlapped);
}

ANONPIPE_API BOOL WriteFile(HANDLE hFile, LPCVOID lpBuffer,
			    DWORD nNumberOfBytesToWrite,
			    LPDWORD lpNumberOfBytesWritten,
			    LPOVERLAPPED lpOverlapped)
{
	/*
	 * The cast only lets sync_io() serve both directions; write_all()
	 * never stores through the pointer.
	 */
	return sync_io(hFile, write_all, (void *)lpBuffer,
		       nNumberOfBytesToWrite, lpNumberOfBytesWritten,
		       lpOverlapped);
}

static void store_dword(LPDWORD out, size_t value)
{
	if (out)
		*out = value < UINT32_MAX ? (DWORD)value : UINT32_MAX;
}

ANONPIPE_API BOOL PeekNamedPipe(HANDLE hNamedPipe, LPVOID lpBuffer,
				DWORD nBufferSize, LPDWORD lpBytesRead,
				LPDWORD lpTotalBytesAvail,
				LPDWORD lpBytesLeftThisMessage)
{
	int fd = anonpipe_handle_to_fd(hNamedPipe);
	/* Without a buffer, or with size 0, nothing is copied (B-75, B-76). */
	size_t len = lpBuffer ? io_len(nBufferSize) : 0;
	size_t copied, available;
	int ret;

	ret = fd < 0 ? -EBADF : anonpipe_peek(fd, len ? lpBuffer : NULL, len,
					      &copied, &available);
	/* On failure the out parameters stay untouched (B-77). */
	if (ret < 0)
		return __anonpipe_fail(ret);
	store_dword(lpBytesRead, copied);
	store_dword(lpTotalBytesAvail, available);
	/*
	 * Windows computes MessageLength - copied with MessageLength 0 for
	 * byte pipes: 0 when nothing was copied, else wrapped (B-73).
	 */
	if (lpBytesLeftThisMessage)
		*lpBytesLeftThisMessage = (DWORD)(0 - copied);
	return TRUE;
}

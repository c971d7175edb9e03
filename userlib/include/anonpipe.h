/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * libanonpipe: the Win32 anonymous-pipe API on Linux, over /dev/anonpipe.
 *
 * Functions return BOOL and leave a per-thread Win32 error code for
 * GetLastError(), as on Windows. A HANDLE wraps a file descriptor; a handle
 * is inheritable exactly when its descriptor lacks FD_CLOEXEC.
 */
#ifndef ANONPIPE_H
#define ANONPIPE_H

#include <stdint.h>
#include <anonpipe_native.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Windows ABI types, with Windows' widths on LP64. */
typedef int32_t BOOL;
typedef uint32_t DWORD;
typedef void *HANDLE;
typedef HANDLE *PHANDLE, *LPHANDLE;
typedef DWORD *LPDWORD;
typedef void *LPVOID;
typedef const void *LPCVOID;
typedef uintptr_t ULONG_PTR;

typedef struct _SECURITY_ATTRIBUTES {
	DWORD nLength;
	LPVOID lpSecurityDescriptor;
	BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

typedef struct _OVERLAPPED {
	ULONG_PTR Internal;
	ULONG_PTR InternalHigh;
	union {
		struct {
			DWORD Offset;
			DWORD OffsetHigh;
		};
		LPVOID Pointer;
	};
	HANDLE hEvent;
} OVERLAPPED, *LPOVERLAPPED;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

#define INVALID_HANDLE_VALUE ((HANDLE)(intptr_t)-1)

#define HANDLE_FLAG_INHERIT		0x00000001
#define HANDLE_FLAG_PROTECT_FROM_CLOSE	0x00000002
#define DUPLICATE_CLOSE_SOURCE		0x00000001
#define DUPLICATE_SAME_ACCESS		0x00000002

/* Access rights (winnt.h values), for DuplicateHandle's dwDesiredAccess */
#define FILE_READ_DATA			0x00000001
#define FILE_WRITE_DATA			0x00000002
#define FILE_APPEND_DATA		0x00000004
#define SYNCHRONIZE			0x00100000
#define GENERIC_WRITE			0x40000000
#define GENERIC_READ			0x80000000

/* Win32 error codes (winerror.h values) */
#define ERROR_SUCCESS			0
#define ERROR_INVALID_FUNCTION		1
#define ERROR_FILE_NOT_FOUND		2
#define ERROR_TOO_MANY_OPEN_FILES	4
#define ERROR_ACCESS_DENIED		5
#define ERROR_INVALID_HANDLE		6
#define ERROR_NOT_ENOUGH_MEMORY		8
#define ERROR_INVALID_DATA		13
#define ERROR_OUTOFMEMORY		14
#define ERROR_NOT_SUPPORTED		50
#define ERROR_INVALID_PARAMETER		87
#define ERROR_BROKEN_PIPE		109
#define ERROR_CALL_NOT_IMPLEMENTED	120
#define ERROR_INSUFFICIENT_BUFFER	122
#define ERROR_NO_DATA			232
#define ERROR_OPERATION_ABORTED		995
#define ERROR_NOACCESS			998
#define ERROR_NO_SYSTEM_RESOURCES	1450
#define ERROR_NOT_ENOUGH_QUOTA		1816

BOOL CreatePipe(PHANDLE hReadPipe, PHANDLE hWritePipe,
		LPSECURITY_ATTRIBUTES lpPipeAttributes, DWORD nSize);
BOOL ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
	      LPDWORD lpNumberOfBytesRead, LPOVERLAPPED lpOverlapped);
BOOL WriteFile(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite,
	       LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped);
BOOL PeekNamedPipe(HANDLE hNamedPipe, LPVOID lpBuffer, DWORD nBufferSize,
		   LPDWORD lpBytesRead, LPDWORD lpTotalBytesAvail,
		   LPDWORD lpBytesLeftThisMessage);
BOOL CloseHandle(HANDLE hObject);
BOOL DuplicateHandle(HANDLE hSourceProcessHandle, HANDLE hSourceHandle,
		     HANDLE hTargetProcessHandle, LPHANDLE lpTargetHandle,
		     DWORD dwDesiredAccess, BOOL bInheritHandle,
		     DWORD dwOptions);
/* The pseudo-handle (HANDLE)-1, equal to INVALID_HANDLE_VALUE. */
HANDLE GetCurrentProcess(void);
BOOL GetHandleInformation(HANDLE hObject, LPDWORD lpdwFlags);
BOOL SetHandleInformation(HANDLE hObject, DWORD dwMask, DWORD dwFlags);
DWORD GetLastError(void);
void SetLastError(DWORD dwErrCode);

/*
 * Bridge between handles and descriptors: a HANDLE is (fd + 1), so fd 0 is
 * not NULL. Close handles with CloseHandle(), not close(2), so that a
 * PROTECT_FROM_CLOSE flag does not outlive its descriptor.
 */
int anonpipe_handle_to_fd(HANDLE handle);	/* -1 if not a handle */
HANDLE anonpipe_fd_to_handle(int fd);		/* e.g. an inherited fd */

/* Passing a handle to an unrelated process over a Unix domain socket */
BOOL anonpipe_send_handle(int socket_fd, HANDLE handle);
/* Received handles are inheritable exactly when bInheritHandle is TRUE. */
HANDLE anonpipe_receive_handle(int socket_fd, BOOL bInheritHandle);

#ifdef __cplusplus
}
#endif

#endif /* ANONPIPE_H */

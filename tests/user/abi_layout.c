// SPDX-License-Identifier: GPL-2.0
/*
 * ABI layout (64-bit build). The checks are compile-time assertions in
 * abi_layout.h; abi32-test repeats them in a 32-bit build and exercises the
 * ioctls from a 32-bit process.
 */
#include "abi_layout.h"
#include "harness.h"

#include <anonpipe.h>

TEST(abi_win32_types_have_windows_widths)
{
	ASSERT_EQ(sizeof(BOOL), 4);
	ASSERT_EQ(sizeof(DWORD), 4);
	ASSERT_EQ(sizeof(HANDLE), sizeof(void *));
	ASSERT_EQ(sizeof(SECURITY_ATTRIBUTES), 24);
	ASSERT_EQ(sizeof(OVERLAPPED), 32);
	ASSERT_EQ((intptr_t)INVALID_HANDLE_VALUE, -1);
}

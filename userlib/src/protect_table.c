// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * HANDLE_FLAG_PROTECT_FROM_CLOSE has no descriptor flag to live in, so the
 * library keeps one bit per fd number. The bitmap grows on demand when a bit
 * is set; a mutex keeps it consistent across threads. Bits are cleared when
 * CloseHandle() closes an fd and whenever the library hands out a new one,
 * since fd numbers are recycled.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define BITS_PER_WORD (8 * sizeof(unsigned long))

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long *table;
static size_t table_words;

static int table_grow(size_t words)
{
	int saved_errno = errno;	/* realloc() may set it */
	unsigned long *grown;

	if (words < 2 * table_words)
		words = 2 * table_words;
	grown = realloc(table, words * sizeof(*table));
	errno = saved_errno;
	if (!grown)
		return -ENOMEM;
	memset(grown + table_words, 0,
	       (words - table_words) * sizeof(*table));
	table = grown;
	table_words = words;
	return 0;
}

int __anonpipe_protect_get(int fd)
{
	size_t word = (size_t)fd / BITS_PER_WORD;
	int protect = 0;

	pthread_mutex_lock(&table_lock);
	if (word < table_words)
		protect = (table[word] >> (fd % BITS_PER_WORD)) & 1;
	pthread_mutex_unlock(&table_lock);
	return protect;
}

int __anonpipe_protect_set(int fd, int protect)
{
	size_t word = (size_t)fd / BITS_PER_WORD;
	unsigned long bit = 1UL << (fd % BITS_PER_WORD);
	int ret = 0;

	pthread_mutex_lock(&table_lock);
	if (word >= table_words && protect)
		ret = table_grow(word + 1);
	if (word < table_words) {
		if (protect)
			table[word] |= bit;
		else
			table[word] &= ~bit;
	}
	pthread_mutex_unlock(&table_lock);
	return ret;
}

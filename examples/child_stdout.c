// SPDX-License-Identifier: MIT
/*
 * Reads a child's standard output through an anonpipe, the classic use of
 * CreatePipe with an inheritable write handle.
 *
 *	child_stdout [command [args...]]	(default: ls -l /)
 *
 * The parent makes both handles inheritable, keeps its read end out of the
 * child, runs the child with stdout on the write handle, closes its own copy
 * of the write handle (otherwise ReadFile could never see the end), and
 * reads until ERROR_BROKEN_PIPE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <anonpipe.h>

static int die(const char *what)
{
	fprintf(stderr, "child_stdout: %s failed, error %u\n", what,
		(unsigned int)GetLastError());
	return 1;
}

static pid_t start_child(char **argv, HANDLE stdout_handle)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (dup2(anonpipe_handle_to_fd(stdout_handle), STDOUT_FILENO) < 0)
			_exit(127);
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	return pid;
}

/* Copies the pipe to our stdout until every writer has gone. */
static int copy_to_stdout(HANDLE read_handle)
{
	char buf[4096];
	DWORD n;

	while (ReadFile(read_handle, buf, sizeof(buf), &n, NULL))
		fwrite(buf, 1, n, stdout);
	return GetLastError() == ERROR_BROKEN_PIPE ? 0 : die("ReadFile");
}

int main(int argc, char **argv)
{
	static char *default_argv[] = { "ls", "-l", "/", NULL };
	SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
	char **child_argv = argc > 1 ? argv + 1 : default_argv;
	HANDLE r, w;
	int status, ret;
	pid_t pid;

	if (!CreatePipe(&r, &w, &sa, 0))
		return die("CreatePipe");
	if (!SetHandleInformation(r, HANDLE_FLAG_INHERIT, 0))
		return die("SetHandleInformation");

	pid = start_child(child_argv, w);
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	CloseHandle(w);

	printf("parent: reading child's stdout through anonpipe\n");
	fflush(stdout);
	ret = copy_to_stdout(r);
	CloseHandle(r);

	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	printf("parent: child exited with status %d\n",
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return ret ? ret : (WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

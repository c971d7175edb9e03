// SPDX-License-Identifier: MIT
/*
 * A C port of Microsoft's "Creating a Child Process with Redirected Input
 * and Output": the child's stdin and stdout are two anonpipes.
 *
 *	redirect [command [args...]]	(default: /bin/cat)
 *
 * As in the original, both pipes are created inheritable and the parent
 * then clears HANDLE_FLAG_INHERIT on the ends it keeps, so the child holds
 * only its own ends. After the child starts, the parent closes the child's
 * ends, writes its input, closes the stdin write handle so the child sees
 * end of file, and reads the output until ERROR_BROKEN_PIPE.
 */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <anonpipe.h>

extern char **environ;

static const char *const input_lines[] = {
	"hello from the parent process\n",
	"these lines travel through one anonpipe\n",
	"and come back through another\n",
};

static HANDLE child_stdin_rd, child_stdin_wr;
static HANDLE child_stdout_rd, child_stdout_wr;

static int fail(const char *what)
{
	fprintf(stderr, "redirect: %s failed, error %u\n", what,
		(unsigned int)GetLastError());
	return 1;
}

static int create_pipes(void)
{
	SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };

	if (!CreatePipe(&child_stdout_rd, &child_stdout_wr, &sa, 0))
		return fail("StdoutRd CreatePipe");
	if (!SetHandleInformation(child_stdout_rd, HANDLE_FLAG_INHERIT, 0))
		return fail("Stdout SetHandleInformation");
	if (!CreatePipe(&child_stdin_rd, &child_stdin_wr, &sa, 0))
		return fail("Stdin CreatePipe");
	if (!SetHandleInformation(child_stdin_wr, HANDLE_FLAG_INHERIT, 0))
		return fail("Stdin SetHandleInformation");
	return 0;
}

/* The CreateProcess step: stdin and stdout become the child's pipe ends. */
static int create_child_process(char **argv, pid_t *pid)
{
	posix_spawn_file_actions_t actions;
	int ret;

	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions,
			anonpipe_handle_to_fd(child_stdin_rd), STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&actions,
			anonpipe_handle_to_fd(child_stdout_wr), STDOUT_FILENO);
	ret = posix_spawnp(pid, argv[0], &actions, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&actions);
	if (ret) {
		fprintf(stderr, "redirect: cannot run %s: %s\n", argv[0],
			strerror(ret));
		return 1;
	}
	/* Only the child may hold these, or the pipes never report the end. */
	CloseHandle(child_stdout_wr);
	CloseHandle(child_stdin_rd);
	return 0;
}

static int write_to_pipe(void)
{
	DWORD written;
	size_t i;

	for (i = 0; i < sizeof(input_lines) / sizeof(input_lines[0]); i++)
		if (!WriteFile(child_stdin_wr, input_lines[i],
			       strlen(input_lines[i]), &written, NULL))
			return fail("WriteFile");
	/* The child reads end of file once this last write handle is gone. */
	if (!CloseHandle(child_stdin_wr))
		return fail("StdInWr CloseHandle");
	return 0;
}

static int read_from_pipe(void)
{
	char buf[4096];
	DWORD n;

	while (ReadFile(child_stdout_rd, buf, sizeof(buf), &n, NULL))
		fwrite(buf, 1, n, stdout);
	CloseHandle(child_stdout_rd);
	return GetLastError() == ERROR_BROKEN_PIPE ? 0 : fail("ReadFile");
}

int main(int argc, char **argv)
{
	static char *default_argv[] = { "/bin/cat", NULL };
	char **child_argv = argc > 1 ? argv + 1 : default_argv;
	int status;
	pid_t pid;

	printf("->Start of parent execution.\n");
	if (create_pipes() || create_child_process(child_argv, &pid))
		return 1;
	if (write_to_pipe())
		return 1;
	printf("->Contents of child's stdout:\n\n");
	fflush(stdout);
	if (read_from_pipe())
		return 1;
	waitpid(pid, &status, 0);
	printf("\n->End of parent execution.\n");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

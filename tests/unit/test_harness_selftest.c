/* SPDX-License-Identifier: MIT */
/*
 * test_harness_selftest.c — checks tests/harness.h itself: passing checks
 * in this process, and failing checks in a forked child whose TAP output
 * is captured through a pipe, so its "not ok" lines never reach the real
 * stdout that tests/run-all.sh counts.
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../harness.h"

/*
 * Run a child that makes one passing and three failing checks and then
 * calls harness_done(). Copies at most cap-1 bytes of its stdout into
 * `out` and returns its exit status, or -1 when fork/pipe failed.
 */
static int run_failing_child(char *out, size_t cap)
{
	int fd[2];
	if (pipe(fd) != 0)
		return -1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 1);
		harness_n = 0;
		harness_failed = 0;
		OK(1, "child pass");
		INT_EQ(2, 3, "child int");
		STR_EQ("a", NULL, "child str");
		MEM_EQ("ab", "ac", 2, "child mem");
		_exit(harness_done());
	}
	close(fd[1]);
	size_t len = 0;
	ssize_t r;
	while (len + 1 < cap && (r = read(fd[0], out + len, cap - 1 - len)) > 0)
		len += (size_t)r;
	out[len] = '\0';
	close(fd[0]);
	int st;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

int main(void)
{
	OK(1, "OK passes on true");
	INT_EQ(-5, -5, "INT_EQ on equal negatives");
	INT_EQ(1LL << 40, 1LL << 40, "INT_EQ on 64-bit values");
	STR_EQ("abc", "abc", "STR_EQ on equal strings");
	STR_EQ(NULL, NULL, "STR_EQ on two NULLs");
	MEM_EQ("a\0b", "a\0b", 3, "MEM_EQ across a NUL byte");

	int before = harness_n;
	OK(harness_n == before, "harness_n counts the current check");

	char out[2048];
	int status = run_failing_child(out, sizeof(out));
	INT_EQ(status, 1, "harness_done returns 1 after failures");
	OK(strstr(out, "ok 1 - child pass\n") != NULL, "passing line printed");
	OK(strstr(out, "not ok 2 - child int\n") != NULL, "INT_EQ failure printed");
	OK(strstr(out, "#        got: 2\n") != NULL, "INT_EQ shows the actual value");
	OK(strstr(out, "#   expected: 3\n") != NULL, "INT_EQ shows the expected value");
	OK(strstr(out, "not ok 3 - child str\n") != NULL, "STR_EQ NULL mismatch fails");
	OK(strstr(out, "#   expected: NULL\n") != NULL, "STR_EQ shows NULL");
	OK(strstr(out, "not ok 4 - child mem\n") != NULL, "MEM_EQ failure printed");
	OK(strstr(out, "\n1..4\n") != NULL, "trailing plan counts every check");
	return harness_done();
}

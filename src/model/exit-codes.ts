const SIGNALS: Record<number, string> = {
	1: 'SIGHUP',
	2: 'SIGINT',
	3: 'SIGQUIT',
	4: 'SIGILL',
	6: 'SIGABRT',
	7: 'SIGBUS',
	8: 'SIGFPE',
	9: 'SIGKILL',
	11: 'SIGSEGV',
	13: 'SIGPIPE',
	15: 'SIGTERM',
};

/** The signal behind an exit code of 128+N, or null. */
export function signalName(exitCode: number): string | null {
	return exitCode > 128 && exitCode < 160 ? (SIGNALS[exitCode - 128] ?? `signal ${exitCode - 128}`) : null;
}

/** What an exit code usually means, in one phrase (docker run reference, shell conventions). */
export function exitCodeMeaning(exitCode: number): string {
	switch (exitCode) {
		case 0:
			return 'exited normally';
		case 1:
			return 'application error';
		case 2:
			return 'misuse of a shell builtin or bad arguments';
		case 125:
			return 'the docker run command itself failed';
		case 126:
			return 'command found but not executable';
		case 127:
			return 'command not found';
		case 137:
			return 'killed by SIGKILL (OOM kill, docker kill, or stop timeout)';
		case 139:
			return 'segmentation fault (SIGSEGV)';
		case 143:
			return 'terminated by SIGTERM (docker stop)';
		default: {
			const signal = signalName(exitCode);
			return signal ? `killed by ${signal}` : 'application-defined error';
		}
	}
}

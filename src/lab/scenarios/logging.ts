import { logsShow } from '../checks.js';
import type { LabContext, Scenario } from '../scenario.js';
import { recreate } from './common.js';

function gateway(ctx: LabContext, logDriver: string) {
	return {
		name: 'payments-gateway',
		image: ctx.image,
		labels: ctx.labels,
		logDriver,
		command: [
			'sh',
			'-c',
			'while true; do echo "$(date) payments-gateway: authorised 0 payments"; sleep 2; done',
		],
	};
}

function sessionStore(ctx: LabContext, logFile: string) {
	return {
		name: 'session-store',
		image: ctx.image,
		labels: ctx.labels,
		env: { LOG_FILE: logFile },
		command: [
			'sh',
			'-c',
			'mkdir -p "$(dirname "$LOG_FILE")"; while true; do echo "$(date) session-store: 0 active sessions" >> "$LOG_FILE"; sleep 2; done',
		],
	};
}

export const loggingScenarios: Scenario[] = [
	{
		id: 'payments-no-logs',
		title: 'No logs from the payments gateway',
		difficulty: 'easy',
		cause: 'logs-unreadable-driver',
		story:
			'A payment failed and support needs the gateway logs. `docker logs payments-gateway` only prints an error. The container is running.',
		hints: [
			'Read the error docker logs prints.',
			'Which logging driver does the container use? (HostConfig.LogConfig)',
			'json-file and local can be read back; none cannot.',
		],
		target: 'payments-gateway',
		containers: (ctx) => [gateway(ctx, 'none')],
		fix: (ctx) => recreate(gateway(ctx, 'json-file')),
		check: (ctx) => logsShow(ctx, 'payments-gateway', /payments-gateway: authorised/),
	},
	{
		id: 'session-logs-in-file',
		title: 'Session store logs are empty',
		difficulty: 'medium',
		cause: 'logs-not-on-stdout',
		story:
			'session-store is running and working, but `docker logs session-store` shows nothing at all, not even the start-up banner.',
		hints: [
			'Where does the app write its log? Check its environment and command.',
			'docker logs only shows what PID 1 writes to stdout and stderr.',
			'/dev/stdout is a file name too.',
		],
		target: 'session-store',
		containers: (ctx) => [sessionStore(ctx, '/var/log/session-store.log')],
		fix: (ctx) => recreate(sessionStore(ctx, '/dev/stdout')),
		check: (ctx) => logsShow(ctx, 'session-store', /session-store: \d+ active sessions/),
	},
];

import { runsSteadily } from '../checks.js';
import type { LabContext, Scenario } from '../scenario.js';
import { recreate } from './common.js';

const WORKER =
	'[ -n "$SMTP_URL" ] || { echo "FATAL: required environment variable SMTP_URL is not set" >&2; exit 1; }; ' +
	'echo "connected to $SMTP_URL"; while true; do echo "$(date) sent 0 emails"; sleep 5; done';

function worker(ctx: LabContext, env: Record<string, string>) {
	return {
		name: 'email-worker',
		image: ctx.image,
		labels: ctx.labels,
		restart: 'always' as const,
		env,
		command: ['sh', '-c', WORKER],
	};
}

const CART =
	'case "$APP_MODE" in development|production) ;; *) echo "cart-service 3.2.1 starting" ; ' +
	'echo "error: invalid APP_MODE \\"$APP_MODE\\" (expected development or production)" >&2; exit 1;; esac; ' +
	'echo "cart-service ready in $APP_MODE mode"; while true; do sleep 5; done';

function cart(ctx: LabContext, mode: string) {
	return {
		name: 'cart-service',
		image: ctx.image,
		labels: ctx.labels,
		env: { APP_MODE: mode },
		command: ['sh', '-c', CART],
	};
}

function exporter(ctx: LabContext, binary: string) {
	return {
		name: 'metrics-exporter',
		image: ctx.image,
		labels: ctx.labels,
		command: [binary, '-f', '-p', '9100'],
	};
}

function reportBuilder(ctx: LabContext, memoryMb: number) {
	return {
		name: 'report-builder',
		image: ctx.image,
		labels: ctx.labels,
		memoryBytes: memoryMb * 1024 * 1024,
		command: [
			'sh',
			'-c',
			'echo "loading 40 MB dataset"; data=$(head -c 40000000 /dev/zero | tr "\\0" x); echo "report ready"; while true; do sleep 5; done',
		],
	};
}

function legacyWeb(ctx: LabContext, foreground: boolean) {
	return {
		name: 'legacy-web',
		image: ctx.image,
		labels: ctx.labels,
		restart: 'always' as const,
		command: ['httpd', ...(foreground ? ['-f'] : []), '-p', '8080', '-h', '/tmp'],
	};
}

function auditLog(ctx: LabContext, user: string) {
	return {
		name: 'audit-log',
		image: ctx.image,
		labels: ctx.labels,
		user,
		command: ['sh', '-c', 'echo "audit-log running as $(id -un)"; while true; do sleep 5; done'],
	};
}

export const crashScenarios: Scenario[] = [
	{
		id: 'worker-missing-env',
		title: 'Email worker restarts forever',
		difficulty: 'easy',
		cause: 'missing-config',
		story:
			'No password-reset emails have gone out since the platform team "cleaned up" the email-worker ' +
			'deployment. docker ps shows it restarting every few seconds.',
		hints: [
			'Read the last lines email-worker printed before it exited.',
			'Compare its environment (docker inspect, Config.Env) with what it asks for.',
			'Environment variables are fixed at creation: the container must be recreated.',
		],
		target: 'email-worker',
		containers: (ctx) => [worker(ctx, {})],
		fix: (ctx) => recreate(worker(ctx, { SMTP_URL: 'smtp://mail.internal:25' })),
		check: (ctx) => runsSteadily(ctx, 'email-worker'),
	},
	{
		id: 'cart-bad-mode',
		title: 'Cart service exits right after deploy',
		difficulty: 'easy',
		cause: 'app-error-exit',
		story:
			'The Friday deploy of cart-service went out with a settings change. The container stopped seconds later with exit code 1.',
		hints: [
			'What did cart-service print just before it exited?',
			'The error names a setting and the values it accepts.',
			'Check Config.Env.',
		],
		target: 'cart-service',
		containers: (ctx) => [cart(ctx, 'prodution')],
		fix: (ctx) => recreate(cart(ctx, 'production')),
		check: (ctx) => runsSteadily(ctx, 'cart-service'),
	},
	{
		id: 'exporter-command-typo',
		title: 'Metrics exporter never starts',
		difficulty: 'easy',
		cause: 'command-not-found',
		story:
			'metrics-exporter was added to the stack by hand this morning. Grafana shows no data, and the container exited with code 127.',
		hints: [
			'What does exit code 127 mean for a shell?',
			'Look at the command the container runs (Config.Cmd) and at State.Error.',
			'Spell the command.',
		],
		target: 'metrics-exporter',
		containers: (ctx) => [{ ...exporter(ctx, 'htttpd'), startFails: true }],
		fix: (ctx) => recreate(exporter(ctx, 'httpd')),
		check: (ctx) => runsSteadily(ctx, 'metrics-exporter'),
	},
	{
		id: 'report-oom',
		title: 'Monthly report job dies silently',
		difficulty: 'medium',
		cause: 'oom-killed',
		story:
			"report-builder loads the month's data and builds the finance report. This month it died without any " +
			'error in its logs, exit code 137. Nobody ran docker kill.',
		hints: [
			'137 is 128 + 9: something sent SIGKILL. Who?',
			'docker inspect shows State.OOMKilled.',
			'Compare the memory limit with what the job loads.',
		],
		target: 'report-builder',
		containers: (ctx) => [reportBuilder(ctx, 32)],
		fix: (ctx) => recreate(reportBuilder(ctx, 160)),
		check: (ctx) => runsSteadily(ctx, 'report-builder'),
	},
	{
		id: 'legacy-web-daemonizes',
		title: 'Legacy web server restarts with exit code 0',
		difficulty: 'hard',
		cause: 'no-foreground-process',
		story:
			'legacy-web was containerised with the same command it used on the old VM. It "starts fine" according to ' +
			'its logs, but docker ps shows it restarting over and over, and the exit code is 0.',
		hints: [
			'Exit code 0 means the main process ended on purpose. Why would a web server end?',
			'A container lives as long as its PID 1. What happens when a server forks into the background?',
			'busybox httpd stays in the foreground with -f.',
		],
		target: 'legacy-web',
		containers: (ctx) => [legacyWeb(ctx, false)],
		fix: (ctx) => recreate(legacyWeb(ctx, true)),
		check: (ctx) => runsSteadily(ctx, 'legacy-web'),
	},
	{
		id: 'audit-unknown-user',
		title: 'Audit log container will not start',
		difficulty: 'medium',
		cause: 'user-not-found',
		story:
			'Compliance asked that audit-log run as a dedicated user. After the change, the container is stuck in "Created" and never runs.',
		hints: [
			'Read State.Error of audit-log.',
			'Which users exist in the image? (/etc/passwd)',
			'A numeric uid:gid works without a passwd entry.',
		],
		target: 'audit-log',
		containers: (ctx) => [{ ...auditLog(ctx, 'auditor'), startFails: true }],
		fix: (ctx) => recreate(auditLog(ctx, '1000:1000')),
		check: (ctx) => runsSteadily(ctx, 'audit-log'),
	},
];

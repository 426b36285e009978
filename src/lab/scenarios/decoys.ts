import type { LabContainer, LabContext } from '../scenario.js';

/**
 * Healthy containers whose logs look alarming at a glance: what log triage and diagnosis must
 * leave unflagged. Used by the tests beside the labs, and by the diagnosis benchmark.
 */
export function decoys(ctx: LabContext): LabContainer[] {
	const base = { image: ctx.image, labels: ctx.labels };
	return [
		{
			...base,
			name: 'decoy-access-log',
			// A web server's access log: missing pages, refused logins and redirects are the clients' business.
			command: [
				'sh',
				'-c',
				'while true; do t=$(date "+%d/%b/%Y:%H:%M:%S +0000"); ' +
					'echo "172.18.0.1 - - [$t] \\"GET /favicon.ico HTTP/1.1\\" 404 153 \\"-\\" \\"Mozilla/5.0\\""; ' +
					'echo "172.18.0.9 - - [$t] \\"POST /login HTTP/1.1\\" 401 12 \\"-\\" \\"curl/8.5.0\\""; ' +
					'echo "172.18.0.1 - - [$t] \\"GET /old HTTP/1.1\\" 301 0 \\"-\\" \\"Mozilla/5.0\\""; sleep 2; done',
			],
		},
		{
			...base,
			name: 'decoy-warnings',
			command: [
				'sh',
				'-c',
				'while true; do echo "WARN  [pool-1] slow query took 1200 ms"; ' +
					'echo "level=debug msg=\\"cache miss\\" key=user:42 error=<nil>"; ' +
					'echo "INFO: processed 200 jobs, 0 errors, 0 failed"; ' +
					'echo "{\\"level\\":\\"info\\",\\"msg\\":\\"heartbeat\\",\\"errors\\":0,\\"timeout_ms\\":5000}"; sleep 2; done',
			],
		},
		{
			...base,
			name: 'decoy-startup-retry',
			// Its dependency comes up two seconds late: one refused connection at start, then success for good.
			command: [
				'sh',
				'-c',
				'(sleep 2; exec httpd -f -p 5432) & sleep 0.2; ' +
					'until nc -w 1 127.0.0.1 5432 </dev/null >/dev/null 2>&1; do echo "Error: connect ECONNREFUSED 127.0.0.1:5432" >&2; ' +
					'echo "retrying in 2s"; sleep 2; done; echo "connected to postgres"; ' +
					'while true; do echo "$(date -Iseconds) query ok"; sleep 2; done',
			],
		},
		{
			...base,
			name: 'decoy-user-logins',
			// Its own users failing to log in is what an auth service reports, not a fault of the service.
			command: [
				'sh',
				'-c',
				'while true; do echo "$(date -Iseconds) login failed for user bob: invalid password"; ' +
					'echo "$(date -Iseconds) user carol denied access to /admin (role viewer)"; ' +
					'echo "$(date -Iseconds) login ok for user alice"; sleep 2; done',
			],
		},
	];
}

import { type Probe, param, runInNetns } from './probe.js';

/** Opens a TCP connection from the container's network namespace to host:port. */
export const tcp: Probe = async (ctx) => {
	const host = param(ctx, 'host');
	const port = param(ctx, 'port');
	const result = await runInNetns(ctx, ['nc', '-w', '3', host, port]);
	const output = (result.stdout + result.stderr).trim();
	const reachable = result.exitCode === 0;
	return {
		facts: {
			host,
			port: Number(port),
			reachable,
			refused: /refused/i.test(output),
			unreachableNetwork: /unreachable/i.test(output),
			badAddress: /bad address|can't resolve/i.test(output),
			timedOut: result.timedOut || /timed out/i.test(output),
		},
		evidence: [
			reachable
				? `TCP ${host}:${port} connects`
				: `TCP ${host}:${port} fails: ${output || `exit ${result.exitCode}`}`,
		],
	};
};

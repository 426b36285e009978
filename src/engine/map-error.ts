import type { Endpoint } from './endpoint.js';
import {
	DockmedicError as BaseError,
	ContainerNotFoundError,
	type DockmedicError,
	EngineRequestError,
	EngineTimeoutError,
	EngineUnavailableError,
} from './errors.js';
import { hostKeyVerdicts } from './known-hosts.js';

type RawError = {
	code?: string;
	statusCode?: number;
	reason?: string;
	message?: string;
	json?: { message?: string } | null;
	timeoutMs?: number;
};

/** Maps what dockerode, docker-modem and Node's sockets throw into one clear, actionable error. */
export function mapEngineError(error: unknown, endpoint: Endpoint, what: string): DockmedicError {
	if (error instanceof BaseError) return error;
	const raw = (error ?? {}) as RawError;
	const where = `${endpoint.url} (${endpoint.source})`;
	const code = raw.code ?? '';
	if (code === 'DOCKMEDIC_TIMEOUT') {
		return new EngineTimeoutError(
			`The Docker engine at ${where} did not answer in time to ${what} (${raw.timeoutMs} ms).`,
			{
				tryMessage: 'The engine may be overloaded or hung: check `docker info` and the dockerd log.',
				cause: error,
			},
		);
	}
	if (endpoint.kind === 'ssh') {
		const refused = sshRefusal(raw.message ?? '', endpoint);
		if (refused)
			return new EngineUnavailableError(refused.message, { tryMessage: refused.tryMessage, cause: error });
	}
	const unreachable = unreachableReason(code, endpoint);
	if (unreachable) {
		return new EngineUnavailableError(`Cannot reach the Docker engine at ${where}: ${unreachable.reason}.`, {
			tryMessage: unreachable.tryMessage,
			cause: error,
		});
	}
	if (
		/certificate|SSL|TLS|self[- ]signed/i.test(raw.message ?? '') ||
		code.startsWith('ERR_TLS') ||
		code.includes('CERT')
	) {
		return new EngineUnavailableError(
			`TLS handshake with the Docker engine at ${where} failed: ${raw.message}.`,
			{
				tryMessage: "Check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) against the engine's certificates.",
				cause: error,
			},
		);
	}
	const engineMessage = raw.json?.message ?? raw.reason ?? raw.message ?? String(error);
	if (
		raw.statusCode === 400 &&
		/HTTP request to an HTTPS server/i.test(`${engineMessage} ${raw.message ?? ''}`)
	) {
		return new EngineUnavailableError(`The Docker engine at ${where} only speaks TLS.`, {
			tryMessage:
				'Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (a folder with ca.pem, cert.pem, key.pem), or use a docker context with TLS files.',
			cause: error,
		});
	}
	if (raw.statusCode === 404 && /no such container/i.test(engineMessage)) {
		return new ContainerNotFoundError(`No such container: ${what.replace(/^inspect container /, '')}.`, {
			tryMessage: 'List containers with `dockmedic ps --all`.',
			cause: error,
		});
	}
	if (raw.statusCode) {
		return new EngineRequestError(
			`The engine refused to ${what}: ${engineMessage.trim()} (HTTP ${raw.statusCode}).`,
			raw.statusCode,
			{
				cause: error,
			},
		);
	}
	return new EngineUnavailableError(
		`Talking to the Docker engine at ${where} failed while trying to ${what}: ${engineMessage}.`,
		{
			cause: error,
		},
	);
}

function unreachableReason(
	code: string,
	endpoint: Endpoint,
): { reason: string; tryMessage: string } | undefined {
	const start =
		"Start the engine (`sudo systemctl start docker`, or `bash scripts/engine-up.sh` in dockmedic's folder on Debian), or point DOCKER_HOST / --host at a running one.";
	switch (code) {
		case 'ENOENT':
			return {
				reason: `no socket at ${endpoint.kind === 'unix' ? endpoint.socketPath : endpoint.url}`,
				tryMessage: start,
			};
		case 'ECONNREFUSED':
			return { reason: 'connection refused (nothing listens there)', tryMessage: start };
		case 'EACCES':
		case 'EPERM':
			return {
				reason: 'permission denied on the socket',
				tryMessage:
					'Run as root, or add your user to the docker group: `sudo usermod -aG docker $USER`, then log in again.',
			};
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return {
				reason: 'the host name does not resolve',
				tryMessage: 'Check the host in --host / DOCKER_HOST / the docker context.',
			};
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
		case 'ETIMEDOUT':
			return {
				reason: 'the host cannot be reached on the network',
				tryMessage: 'Check the address and any firewall in between.',
			};
		case 'ECONNRESET':
		case 'EPIPE':
			return {
				reason: 'the connection was dropped',
				tryMessage:
					'The engine may have restarted; try again. A TLS engine needs DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH.',
			};
		case 'ENOTSOCK':
			return { reason: 'that path is not a socket', tryMessage: start };
		default:
			return undefined;
	}
}

/** Why an SSH connection was refused: the host key, or the login. */
function sshRefusal(
	message: string,
	endpoint: Extract<Endpoint, { kind: 'ssh' }>,
): { message: string; tryMessage: string } | undefined {
	const name = endpoint.port === 22 ? endpoint.host : `[${endpoint.host}]:${endpoint.port}`;
	if (/verification failed/i.test(message)) {
		return hostKeyVerdicts.get(endpoint.url) === 'mismatch' || /IDENTIFICATION HAS CHANGED/i.test(message)
			? {
					message: `The SSH host key of ${name} does not match the one in ~/.ssh/known_hosts: refusing to connect (${endpoint.url}).`,
					tryMessage: `Someone may be intercepting the connection, or the host was reinstalled. Check with its owner; if the new key is right, remove the old one with \`ssh-keygen -R ${name}\` and connect once with ssh.`,
				}
			: {
					message: `The SSH host key of ${name} is not in ~/.ssh/known_hosts: refusing to connect to an unknown host (${endpoint.url}).`,
					tryMessage: `Check the key's fingerprint, then record it: \`ssh -p ${endpoint.port} ${endpoint.host}\` once, or \`ssh-keyscan -p ${endpoint.port} ${endpoint.host} >> ~/.ssh/known_hosts\`.`,
				};
	}
	if (/docker: (command )?not found|exec: "?docker"?: executable file not found/i.test(message)) {
		return {
			message: `The host behind ${endpoint.url} has no docker command: dockmedic reaches its engine through \`docker system dial-stdio\` there, as the docker CLI does.`,
			tryMessage: "Install the docker CLI on that host, or put it on the login's PATH.",
		};
	}
	if (/permission denied while trying to connect to the Docker daemon/i.test(message)) {
		return {
			message: `The login behind ${endpoint.url} may not use the Docker engine on that host (permission denied on its socket).`,
			tryMessage: 'Add that user to the docker group there (and log in again), or log in as one that is.',
		};
	}
	// ssh's own wording ("Permission denied (publickey)."), not the docker socket's.
	if (/authentication methods failed|Permission denied \(/i.test(message)) {
		return {
			message: `SSH login to ${name} as ${endpoint.username ?? 'the current user'} was refused (${endpoint.url}).`,
			tryMessage:
				'Load a key the server accepts into the SSH agent (ssh-add), or put it in ~/.ssh/id_ed25519, id_ecdsa or id_rsa.',
		};
	}
	return undefined;
}

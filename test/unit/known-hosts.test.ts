import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkHostKey } from '../../src/engine/known-hosts.js';

const key = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIOvjHNmXA6bN0aQxj3T2P7xY5zv1Qm9cW1o7m3p6yq0n', 'base64');
const other = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', 'base64');
const hashed = (name: string) => {
	const salt = randomBytes(20);
	return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('known_hosts', () => {
	it('accepts the key recorded for the host, on port 22 plainly and on other ports as [host]:port', () => {
		expect(checkHostKey(`web1 ssh-ed25519 ${key.toString('base64')}\n`, 'web1', 22, key)).toBe('match');
		expect(
			checkHostKey(`[127.0.0.1]:2222 ssh-ed25519 ${key.toString('base64')}`, '127.0.0.1', 2222, key),
		).toBe('match');
		expect(checkHostKey(`127.0.0.1 ssh-ed25519 ${key.toString('base64')}`, '127.0.0.1', 2222, key)).toBe(
			'unknown',
		);
		expect(checkHostKey(`a,web1,b ssh-ed25519 ${key.toString('base64')}`, 'web1', 22, key)).toBe('match');
	});

	it('matches hashed names, says unknown for a host not listed and mismatch for a different key', () => {
		expect(
			checkHostKey(`${hashed('[db]:2200')} ssh-ed25519 ${key.toString('base64')}`, 'db', 2200, key),
		).toBe('match');
		expect(checkHostKey('# nothing here\n', 'web1', 22, key)).toBe('unknown');
		expect(checkHostKey(`web1 ssh-ed25519 ${other.toString('base64')}`, 'web1', 22, key)).toBe('mismatch');
		expect(checkHostKey(`@revoked web1 ssh-ed25519 ${key.toString('base64')}`, 'web1', 22, key)).toBe(
			'mismatch',
		);
	});
});

import { describe, expect, it } from 'vitest';
import { unreachableServedPort } from '../../src/model/proc-net.js';

const listening = (port: number, loopback = false) => ({
	address: loopback ? '127.0.0.1' : '0.0.0.0',
	port,
	state: 'LISTEN',
	loopback,
});
const web = {
	state: 'running',
	config: { exposedPorts: ['8080/tcp', '9999/udp'] },
	hostConfig: { networkMode: 'default', portBindings: {} },
	networks: [{ name: 'bridge' }],
};

describe('a served port nothing can reach (EXPOSE without -p on the default bridge)', () => {
	it('is the declared port a socket serves on the network interface', () => {
		expect(unreachableServedPort(web, [listening(8080)])).toBe(8080);
	});

	it('is none when it is published, on a user-defined network, bound to loopback, not served, or stopped', () => {
		expect(
			unreachableServedPort(
				{ ...web, hostConfig: { networkMode: 'default', portBindings: { '8080/tcp': [{}] } } },
				[listening(8080)],
			),
		).toBeNull();
		expect(
			unreachableServedPort({ ...web, hostConfig: { networkMode: 'shop-net', portBindings: {} } }, [
				listening(8080),
			]),
		).toBeNull();
		expect(
			unreachableServedPort({ ...web, networks: [{ name: 'bridge' }, { name: 'shop-net' }] }, [
				listening(8080),
			]),
		).toBeNull();
		expect(unreachableServedPort(web, [listening(8080, true)])).toBeNull();
		expect(unreachableServedPort(web, [listening(9090)])).toBeNull();
		expect(unreachableServedPort({ ...web, state: 'exited' }, [listening(8080)])).toBeNull();
	});
});

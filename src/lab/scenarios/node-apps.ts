/**
 * Small Node.js programs the runtime labs run (image dockmedic/node:local), so that their
 * applications fail in the runtime's own words: its resolver, its sockets, its TLS checks.
 */

/**
 * A service that calls its upstream every 3 seconds, as a client pool does, and logs the outcome:
 * an error is printed whole with console.error, as most Node services print what they catch.
 * http(s) URLs get a GET; any other scheme (postgres://, redis://...) a TCP connection.
 */
export function upstreamCaller(variable: string, okLine: string): string {
	return `'use strict';
const net = require('node:net');
const target = new URL(process.env.${variable});
const stamp = () => new Date().toISOString();
const failed = (err) => console.error(stamp() + ' call to ' + target.host + ' failed:', err);
function call() {
  if (target.protocol === 'http:' || target.protocol === 'https:') {
    // The time limits start once the name is resolved: a slow resolver fails in its own words.
    const req = require('node:' + target.protocol.slice(0, -1)).get(target, { timeout: 15000 }, (res) => {
      res.resume();
      console.log(stamp() + ' ${okLine} (' + res.statusCode + ')');
    });
    req.on('timeout', () => req.destroy(new Error('timeout calling ' + target.host)));
    req.on('error', failed);
    return;
  }
  const socket = net.connect({ host: target.hostname, port: Number(target.port) }, () => {
    console.log(stamp() + ' ${okLine}');
    socket.end();
  });
  socket.once('lookup', () => socket.setTimeout(5000));
  socket.on('timeout', () => socket.destroy(new Error('timeout connecting to ' + target.host)));
  socket.on('error', failed);
}
console.log(stamp() + ' starting, upstream ' + target.host);
call();
setInterval(call, 3000);
`;
}

/**
 * An authoritative DNS server for one zone on UDP 53: A records from ZONE ("name=address,..."),
 * NXDOMAIN for other names. Enough of RFC 1035 for a resolver's A and AAAA questions.
 */
export const DNS_SERVER = `'use strict';
const dgram = require('node:dgram');
const zone = new Map((process.env.ZONE || '').split(',').filter(Boolean).map((e) => e.split('=')));
const server = dgram.createSocket('udp4');
server.on('message', (query, peer) => {
  let at = 12;
  const labels = [];
  while (at < query.length && query[at] !== 0) {
    labels.push(query.toString('latin1', at + 1, at + 1 + query[at]));
    at += query[at] + 1;
  }
  const name = labels.join('.').toLowerCase();
  const type = query.readUInt16BE(at + 1);
  const address = zone.get(name);
  const question = query.subarray(12, at + 5);
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  // Response, authoritative, recursion desired and available; NXDOMAIN for a name not in the zone.
  header.writeUInt16BE(0x8580 | (address ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  const answers = [];
  if (address && type === 1) {
    const record = Buffer.alloc(16);
    record.writeUInt16BE(0xc00c, 0);
    record.writeUInt16BE(1, 2);
    record.writeUInt16BE(1, 4);
    record.writeUInt32BE(60, 6);
    record.writeUInt16BE(4, 10);
    address.split('.').forEach((octet, i) => record.writeUInt8(Number(octet), 12 + i));
    answers.push(record);
  }
  header.writeUInt16BE(answers.length, 6);
  server.send(Buffer.concat([header, question, ...answers]), peer.port, peer.address);
  console.log(new Date().toISOString() + ' ' + peer.address + ' asked ' + name + ' (type ' + type + '): ' + (address || 'NXDOMAIN'));
});
server.bind(53, () => console.log('dns: serving ' + [...zone.keys()].join(', ') + ' on udp/53'));
`;

/** An HTTPS service on a port, with its certificate and key beside it (server.pem, server.key). */
export function httpsServer(port: number): string {
	return `'use strict';
const fs = require('node:fs');
const https = require('node:https');
const tls = { cert: fs.readFileSync(__dirname + '/server.pem'), key: fs.readFileSync(__dirname + '/server.key') };
https
  .createServer(tls, (req, res) => {
    console.log(new Date().toISOString() + ' ' + req.method + ' ' + req.url + ' 200');
    res.end('{"status":"ok"}');
  })
  .on('tlsClientError', (err) => console.log(new Date().toISOString() + ' handshake failed: ' + err.message))
  .listen(${port}, () => console.log('listening on https://0.0.0.0:${port}'));
`;
}

/**
 * A lab-only internal CA and the certificate it issued to card-gateway (EC P-256, valid for a
 * century): made once with openssl, kept here so that labs never need openssl on the host.
 */
export const LAB_CA = {
	caPem: `-----BEGIN CERTIFICATE-----
MIIByjCCAXGgAwIBAgIUUj6jOY3o9ymAQt5fLvuI6NObV4EwCgYIKoZIzj0EAwIw
OjEVMBMGA1UECgwMTGFiIFBheW1lbnRzMSEwHwYDVQQDDBhMYWIgUGF5bWVudHMg
SW50ZXJuYWwgQ0EwIBcNMjYxMjAxMTgyMTA3WhgPMjEyNjExMDcxODIxMDdaMDox
FTATBgNVBAoMDExhYiBQYXltZW50czEhMB8GA1UEAwwYTGFiIFBheW1lbnRzIElu
dGVybmFsIENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9srqF+trb51M+cml
6zQ/kbPN2Q4726lHcpBcZkCuzMbpi0l0x3v3J4JM/+1oHtdrPGbKLhC+nDtT0YE2
S8GxnqNTMFEwHQYDVR0OBBYEFDric3BtCPRZFFEmM2a+eKbdPcFbMB8GA1UdIwQY
MBaAFDric3BtCPRZFFEmM2a+eKbdPcFbMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZI
zj0EAwIDRwAwRAIgD1GdHiOjDoKGRB0bKb0urY0W336rfXficAdw04VTDQwCICl2
oAvx3wctcjwxLVVEJXft/iZAeuBdCXJkmd4TS8jI
-----END CERTIFICATE-----
`,
	serverPem: `-----BEGIN CERTIFICATE-----
MIIB3zCCAYWgAwIBAgIUUTiH9p/AxST9W2P6TFjdeSX+G3AwCgYIKoZIzj0EAwIw
OjEVMBMGA1UECgwMTGFiIFBheW1lbnRzMSEwHwYDVQQDDBhMYWIgUGF5bWVudHMg
SW50ZXJuYWwgQ0EwIBcNMjYxMjAxMTgyNDM0WhgPMjEyNjExMDcxODI0MzRaMBcx
FTATBgNVBAMMDGNhcmQtZ2F0ZXdheTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IA
BIbNYL10lz0S8A2yaDr2phMb1LiENMjGDy3NbHor06n5DyVx+8rrOZYSoNXHQhHw
L/25sQtPsSNj24Sb9OKnXsSjgYkwgYYwFwYDVR0RBBAwDoIMY2FyZC1nYXRld2F5
MAkGA1UdEwQCMAAwCwYDVR0PBAQDAgeAMBMGA1UdJQQMMAoGCCsGAQUFBwMBMB0G
A1UdDgQWBBR0V1K9IE7D0I/nrGxBIunDsol3bjAfBgNVHSMEGDAWgBQ64nNwbQj0
WRRRJjNmvnim3T3BWzAKBggqhkjOPQQDAgNIADBFAiBXkJIMdC9ykKvOdDDs0fzn
/s/933GaaROFOzHs16xC4gIhAO50tVz7DPHEuNfDNBqhIAQ9k8zGmq20aV0wYH4a
Ttc4
-----END CERTIFICATE-----
`,
	serverKey: `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIE7jV1XfcuIbk0PtOXNcv7JvkmtNsN3linedd+GVSdkFoAoGCCqGSM49
AwEHoUQDQgAEhs1gvXSXPRLwDbJoOvamExvUuIQ0yMYPLc1seivTqfkPJXH7yus5
lhKg1cdCEfAv/bmxC0+xI2PbhJv04qdexA==
-----END EC PRIVATE KEY-----
`,
};

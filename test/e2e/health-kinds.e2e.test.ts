// The runbooks' `nslookup` and `curl …/metrics | grep error_rate` as health checks, end to end in
// tmux (issue 19): a DNS server of the test's own on UDP, an HTTP server with a Prometheus
// exposition, and a pod's metrics read through the Kubernetes simulator's pods/proxy route. At
// 120x40 the health pane shows each check's state without a key press; zoomed, the resolved
// addresses and the sampled values; a value over its bound turns its row DOWN, and back.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { Tmux, warroomCmd } from '../helpers/tmux.js';

let dns: DnsServer;
let sim: KubeSim;
let metrics: http.Server;
let body = 'error_rate{service="backend"} 0.004\n';
let t: Tmux | undefined;

beforeAll(async () => {
  dns = await startDnsServer({ 'api.linkdao.io': ['203.0.113.10'] });
  sim = await startKubeSim({ tickMs: 100 });
  metrics = http.createServer((_q, r) => r.writeHead(200, { 'content-type': 'text/plain' }).end(body));
  await new Promise<void>((r) => metrics.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await dns.close();
  await sim.close();
  await new Promise<void>((r) => metrics.close(() => r()));
});
afterEach(() => {
  t?.kill();
  t = undefined;
});

/** The row of the check `name` on the screen (the first line that starts with it inside a frame). */
const row = (screen: string, name: string) =>
  screen.split('\n').find((l) => new RegExp(`[│║]${name} `).test(l)) ?? '';

describe('dns and metrics health checks in the console (tmux)', () => {
  it('120x40: every check in the health pane; zoomed: addresses and values; a bad value is DOWN', async () => {
    t = await Tmux.start({ cols: 120, rows: 40 });
    const kc = sim.writeKubeconfig(join(t.home, 'kubeconfig'));
    const port = (metrics.address() as AddressInfo).port;
    const cfg = join(t.home, 'warroom.yaml');
    const bound = `expect: { metric: 'error_rate{service="backend"}', below: 0.01 }`;
    writeFileSync(
      cfg,
      [
        'kubernetes:',
        `  kubeconfig: ${kc}`,
        '  namespaces: [web3-marketplace]',
        'health:',
        '  endpoints:',
        `    - { kind: dns, name: api-dns, host: api.linkdao.io, servers: ["${dns.address}"], expect: { addresses: [203.0.113.10] }, intervalMs: 500 }`,
        `    - { kind: dns, name: moved-dns, host: api.linkdao.io, servers: ["${dns.address}"], expect: { addresses: [198.51.100.7] }, intervalMs: 500 }`,
        `    - { kind: metrics, name: url-errors, url: "http://127.0.0.1:${port}/metrics", ${bound}, intervalMs: 500 }`,
        `    - { kind: metrics, name: pod-errors, pod: { namespace: web3-marketplace, deployment: backend, port: 3001 }, ${bound}, intervalMs: 500 }`,
        '',
      ].join('\n'),
    );
    t.run(`${warroomCmd(`--config ${cfg}`)}; echo "exit=$?"`);
    const s = await t.waitFor(
      (x) =>
        /● up/.test(row(x, 'api-dns')) &&
        /✖ DOWN/.test(row(x, 'moved-dns')) &&
        /● up/.test(row(x, 'url-errors')) &&
        /● up/.test(row(x, 'pod-errors')),
      { what: 'the four checks in the health pane at 120x40', timeoutMs: 30_000 },
    );
    expect(s).toContain('✖ 1 of 4 endpoints DOWN');

    // Zoomed: what each check found (the addresses, the sampled value and its bound).
    t.send('5');
    await t.waitFor((x) => x.includes('▶5 Health'), { what: 'health focused' });
    t.send('z');
    const zoomed = await t.waitFor(
      (x) =>
        row(x, 'api-dns').includes('203.0.113.10') &&
        row(x, 'moved-dns').includes('198.51.100.7') &&
        row(x, 'url-errors').includes('0.004') &&
        /= 0, expected below 0.01 from web3/.test(row(x, 'pod-errors')),
      { what: 'addresses and values, zoomed', timeoutMs: 20_000 },
    );
    expect(row(zoomed, 'url-errors')).toContain('expected below 0.01');

    // The service's error rate climbs over its bound: its row turns DOWN, and back.
    body = 'error_rate{service="backend"} 0.2\n';
    await t.waitFor((x) => /✖ DOWN/.test(row(x, 'url-errors')) && row(x, 'url-errors').includes('0.2'), {
      what: 'url-errors DOWN at 0.2',
    });
    body = 'error_rate{service="backend"} 0.001\n';
    await t.waitFor((x) => /● up/.test(row(x, 'url-errors')), { what: 'url-errors up again' });
    t.send('q');
    await t.waitForText('exit=0', 20_000);
  }, 90_000);
});

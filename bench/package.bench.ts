// What a bastion gets (issue 20): the single executable and the npm package.
//  1. sizes: the executable, the npm tarball and its global install (--omit=dev);
//  2. time from process start to the first complete frame (a 200x50 tmux, health pane polling 5
//     endpoints, as in bench/startup.bench.ts) for the executable run under
//     `env -i PATH=/usr/bin:/bin` (the machine's old Node only), against `node bin/warroom` in the
//     same run; and `--version` (start-up without the UI) for both.
// Run: npm run bench -- package   (builds dist/ and the executable first; STARTUP_RUNS=15)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstFrame, healthServers, timeCmd } from './first-frame.ts';
import { median, percentile, writeSection } from './report.ts';

const ROOT = process.cwd();
const NODE = process.execPath;
const RUNS = Number(process.env.STARTUP_RUNS ?? 15);
const EXE = join(ROOT, 'dist', `warroom-${process.platform}-${process.arch}`);
const BARE = ['env', '-i', 'PATH=/usr/bin:/bin', 'TERM=xterm-256color'];

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function duBytes(path: string): number {
  return Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);
}

execFileSync(NODE, ['scripts/package.mjs'], { stdio: 'inherit' });
const loadBefore = loadavg()[0]!;
const work = mkdtempSync(join(tmpdir(), 'wr-bench-pkg-'));
const tgz = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], {
  encoding: 'utf8',
}).trim();
const prefix = join(work, 'prefix');
const t0 = performance.now();
execFileSync(
  'npm',
  [
    'install',
    '-g',
    '--omit=dev',
    '--offline',
    '--no-audit',
    '--no-fund',
    '--prefix',
    prefix,
    join(work, tgz),
  ],
  {
    stdio: 'ignore',
  },
);
const installMs = performance.now() - t0;

const { urls, close } = await healthServers(5);
const cfg = join(work, 'warroom.yaml');
writeFileSync(
  cfg,
  `health:\n  endpoints:\n${urls.map((u, i) => `    - { name: svc${i}, url: "${u}", intervalMs: 2000 }`).join('\n')}\n`,
);
const viaExe = [EXE, '--config', cfg];
const viaNode = [NODE, join(ROOT, 'bin/warroom'), '--config', cfg];
for (let i = 0; i < 2; i++) {
  await firstFrame(viaExe, BARE); // warm the page cache
  await firstFrame(viaNode, BARE);
}
const exeFrames: number[] = [];
const nodeFrames: number[] = [];
const exeVersion: number[] = [];
const nodeVersion: number[] = [];
for (let i = 0; i < RUNS; i++) {
  exeFrames.push(await firstFrame(viaExe, BARE));
  nodeFrames.push(await firstFrame(viaNode, BARE));
  exeVersion.push(timeCmd([...BARE, EXE, '--version']));
  nodeVersion.push(timeCmd([NODE, join(ROOT, 'bin/warroom'), '--version']));
}
await close();
const loadAfter = loadavg()[0]!;
const sizes = {
  exe: statSync(EXE).size,
  node: statSync(NODE).size,
  tgz: statSync(join(work, tgz)).size,
  installed: duBytes(prefix),
};
rmSync(work, { recursive: true, force: true });

const r = (x: number) => x.toFixed(0);
const row = (what: string, xs: number[], aim = '') =>
  `| ${what} | ${r(median(xs))} ms | ${r(percentile(xs, 95))} ms | ${aim} |`;
const body = `
Measured ${new Date().toISOString().slice(0, 10)} by \`bench/package.bench.ts\`, Node ${process.version}.

**Sizes**

| what | size |
| --- | ---: |
| single executable \`dist/${EXE.split('/').pop()}\` (Node + one minified bundle + code cache) | ${mib(sizes.exe)} |
| reference: the \`node\` binary it embeds | ${mib(sizes.node)} |
| npm tarball (\`npm pack\`) | ${mib(sizes.tgz)} |
| its global install, \`--omit=dev\` (one package: every dependency is bundled) | ${mib(sizes.installed)}, installed in ${(installMs / 1000).toFixed(1)} s |

**First complete frame** (all ten panes laid out, health pane polling 5 endpoints), process
start to frame on screen in a 200x50 tmux, ${RUNS} runs of each, alternating, after 2 warm-ups;
the executable runs under \`env -i PATH=/usr/bin:/bin\` (the system Node is ${execFileSync('/usr/bin/env', ['-i', 'PATH=/usr/bin:/bin', 'sh', '-c', 'node --version 2>/dev/null || echo absent'], { encoding: 'utf8' }).trim()}, unused).

| what | median | p95 | aim |
| --- | ---: | ---: | --- |
${row('single executable, first complete frame', exeFrames, 'under 300 ms')}
${row('reference: `node bin/warroom` (the npm package), first complete frame', nodeFrames)}
${row('single executable, `--version` (CLI without the UI)', exeVersion)}
${row('reference: `node bin/warroom --version`', nodeVersion)}

The machine's 1-minute load average was ${loadBefore.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end
of this run (2 cores shared with other test runs): compare the executable with the reference
of the same run, not with figures of another run.
`;
console.log(body);
writeSection('Single executable and npm package', body);

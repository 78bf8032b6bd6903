// Redis pane text, built outside the view (tested in test/unit/redis-lines.test.ts): the
// essentials and sparklines when small (with one line on the slowest command), the slowest
// commands from 15 rows on, then keyspace, replication and cluster nodes when there is room.
// Every line fits the width it is given.
import type { RedisSnapshot } from '../../data/redis/types.js';
import type { Tone } from '../../ui/tone.js';
import { age, bytes, fit, fmtRate, gauge, pad, sparkline } from '../../util/format.js';
import { sanitize } from '../../util/sanitize.js';

export type { Line } from '../../ui/Lines.js';
import type { Line } from '../../ui/Lines.js';

/** Height from which the detail sections are shown. */
export const DETAIL_HEIGHT = 14;
/** Height from which the slowest commands are listed (below it: one summary line). */
export const SLOW_HEIGHT = 15;

const n = (v: number | undefined) => (v === undefined ? '?' : String(v));
const pctOf = (part: number | undefined, whole: number | undefined) =>
  part !== undefined && whole ? Math.round((part / whole) * 100) : undefined;

function role(d: RedisSnapshot): string {
  const i = d.info;
  if (d.mode === 'cluster') {
    const down = d.nodes?.filter((n) => n.error).length ?? 0;
    return `cluster ${d.clusterState ?? '?'} · ${d.nodes?.length ?? 0} nodes${down ? ` (${down} failing)` : ''}`;
  }
  if (i.role === 'slave') return `replica of ${i.masterHost ?? '?'}:${i.masterPort ?? '?'}`;
  return i.role === 'master' ? 'master' : (i.role ?? '?');
}

function replicationLine(d: RedisSnapshot): Line {
  const i = d.info;
  if (i.role === 'slave') {
    const up = i.masterLinkStatus === 'up';
    const parts = [
      `link ${i.masterLinkStatus ?? '?'}`,
      i.masterLastIoSec !== undefined ? `last io ${i.masterLastIoSec}s ago` : '',
      i.masterSyncInProgress ? 'full sync in progress' : '',
      i.replOffset !== undefined ? `offset ${i.replOffset}` : '',
    ].filter(Boolean);
    return { text: `repl   ${parts.join(' · ')}`, tone: up ? 'ok' : 'bad' };
  }
  const reps = i.replicas;
  if (!reps.length)
    return {
      text: `repl   ${d.mode === 'cluster' ? `${i.connectedReplicas ?? 0} replica nodes` : 'no replicas'}`,
      tone: 'muted',
    };
  const online = reps.filter((r) => r.state === 'online').length;
  const maxLag = Math.max(...reps.map((r) => r.lagBytes ?? 0));
  const maxSec = Math.max(...reps.map((r) => r.lagSec ?? 0));
  return {
    text: `repl   ${online}/${reps.length} replicas online · lag ≤ ${bytes(maxLag)} / ${maxSec}s`,
    tone: online === reps.length ? 'ok' : 'bad',
  };
}

const ms = (us: number) => `${(us / 1000).toFixed(1)}ms`;

/** One line for a small pane: the slowest command and how many the slowlog holds. */
function slowSummary(d: RedisSnapshot): Line {
  if (d.slowlogError)
    return { text: `slow   slowlog unavailable: ${sanitize(d.slowlogError, 200)}`, tone: 'warn' };
  const top = d.slowlog[0];
  if (!top) return { text: 'slow   slowlog empty', tone: 'muted' };
  return {
    text: `slow   slowest ${ms(top.durationUs)} ${top.command} · ${d.slowlog.length} slow commands`,
    tone: 'none',
  };
}

/** `NAME key … N args` in at most `width` columns: the key is cut, the name and count stay. */
function commandCell(e: RedisSnapshot['slowlog'][number], width: number): string {
  const more = e.elided ? ` … ${e.elided} arg${e.elided === 1 ? '' : 's'}` : '';
  const keyRoom = width - e.name.length - more.length - 1;
  const key = e.key === undefined ? '' : ` ${keyRoom >= 4 ? fit(e.key, keyRoom) : '…'}`;
  return fit(`${e.name}${key}${more}`, width);
}

/** The slowest commands, slowest first: duration, command and key (no values), age, client. */
function slowRows(d: RedisSnapshot, width: number): Line[] {
  const out: Line[] = [{ text: `SLOWLOG · slowest first (${d.slowlog.length})`, bold: true }];
  if (d.slowlogError)
    out.push({ text: `  slowlog unavailable: ${sanitize(d.slowlogError, 200)}`, tone: 'warn' });
  else if (!d.slowlog.length) out.push({ text: '  (empty)', tone: 'muted' });
  // The command column as wide as the longest command, within what the duration and the age
  // leave; the client last (cut at the edge when the pane is narrow).
  const fixed = 2 + 9 + 2 + 2 + 8 + 2;
  const cmdW = Math.max(
    12,
    Math.min(Math.max(0, ...d.slowlog.map((e) => e.command.length)), width - fixed - 8, 60),
  );
  for (const e of d.slowlog)
    out.push({
      text: `  ${pad(ms(e.durationUs), 9, 'right')}  ${pad(commandCell(e, cmdW), cmdW)}  ${pad(`${age(Math.max(0, d.at - e.at))} ago`, 8, 'right')}  ${e.client ?? ''}`,
      tone: e.durationUs >= 100_000 ? 'warn' : 'none',
    });
  return out;
}

export function redisLines(d: RedisSnapshot, width: number, height: number): Line[] {
  const i = d.info;
  const r = d.rates;
  const out: Line[] = [];
  const memPct = pctOf(i.usedMemory, i.maxmemory);
  const head: Line = {
    text: `${role(d)} · v${i.version ?? '?'} · up ${i.uptimeSec !== undefined ? age(i.uptimeSec * 1000) : '?'} · ping ${d.pingMs.toFixed(1)}ms`,
    tone: 'none',
    bold: true,
  };
  out.push(head);
  const alerts = d.alerts.slice(0, height >= DETAIL_HEIGHT ? 4 : 2);
  for (const a of alerts)
    out.push({ text: `${a.level === 'bad' ? '✖' : '▲'} ${sanitize(a.text, 200)}`, tone: a.level });
  if (d.alerts.length > alerts.length)
    out.push({ text: `  +${d.alerts.length - alerts.length} more`, tone: 'warn' });

  const memLabel = i.maxmemory
    ? `mem    ${bytes(i.usedMemory)} / ${bytes(i.maxmemory)} ${memPct}% `
    : `mem    ${bytes(i.usedMemory)} (no maxmemory) `;
  const memTail = ` ${i.policy ?? '?'} · frag ${i.fragRatio?.toFixed(2) ?? '?'}`;
  const gw = i.maxmemory ? Math.max(0, Math.min(20, width - memLabel.length - memTail.length)) : 0;
  out.push({
    text: `${memLabel}${gw ? gauge(i.usedMemory ?? 0, i.maxmemory ?? 0, gw) : ''}${memTail}`,
    tone: memPct === undefined ? 'none' : memPct >= 98 ? 'bad' : memPct >= 90 ? 'warn' : 'none',
  });
  const clientsTone: Tone = r.rejectedDelta
    ? 'bad'
    : i.maxclients && (i.connectedClients ?? 0) >= i.maxclients * 0.9
      ? 'warn'
      : 'none';
  out.push({
    text: `conn   ${n(i.connectedClients)}/${n(i.maxclients)} clients · blocked ${n(i.blockedClients)} · rejected ${n(i.rejectedConnections)}${r.rejectedDelta ? ` (+${r.rejectedDelta})` : ''}`,
    tone: clientsTone,
  });
  const hit = r.hitRate === undefined ? '—' : `${(r.hitRate * 100).toFixed(1)}%`;
  out.push({
    text: `rate   ${n(i.opsPerSec)} ops/s · hit ${hit} · evicted ${r.evictedPerSec === undefined ? '—' : fmtRate(r.evictedPerSec)}/s · expired ${r.expiredPerSec === undefined ? '—' : fmtRate(r.expiredPerSec)}/s`,
    tone: (r.evictedPerSec ?? 0) > 0 ? 'warn' : 'none',
  });
  // Sparklines side by side: ops/s and memory.
  const sw = Math.max(4, Math.floor((width - 24) / 2));
  const ops = sparkline(d.history.ops, sw);
  // Memory never sits near zero: scale it between its own low and high so changes show.
  const memWin = d.history.mem.slice(-sw);
  const memLow = memWin.length ? Math.min(...memWin) : 0;
  const mem = sparkline(
    memWin.map((v) => v - memLow),
    sw,
  );
  out.push({ text: `ops/s  ${pad(ops, sw)}  mem ${mem}`, tone: 'info' });
  const totalKeys = i.keyspace.reduce((a, b) => a + b.keys, 0);
  const dbs = i.keyspace.map((k) => `db${k.db} ${k.keys}`).join(', ');
  out.push({ text: `keys   ${totalKeys}${dbs ? ` (${dbs})` : ''}` });
  out.push(replicationLine(d));
  if (height >= SLOW_HEIGHT) out.push(...slowRows(d, width));
  else out.push(slowSummary(d));

  if (height >= DETAIL_HEIGHT) {
    out.push({ text: '' });
    out.push({ text: 'KEYSPACE', bold: true });
    if (!i.keyspace.length) out.push({ text: '  (empty)', tone: 'muted' });
    for (const k of i.keyspace)
      out.push({
        text: `  db${pad(String(k.db), 3)} ${pad(String(k.keys), 10, 'right')} keys ${pad(String(k.expires), 10, 'right')} with TTL  avg ttl ${k.avgTtlMs ? age(k.avgTtlMs) : '—'}`,
      });
    if (i.replicas.length) {
      out.push({ text: 'REPLICAS', bold: true });
      for (const rep of i.replicas)
        out.push({
          text: `  ${pad(sanitize(rep.addr, 40), 22)} ${pad(rep.state, 10)} lag ${bytes(rep.lagBytes)} / ${rep.lagSec ?? '?'}s  offset ${rep.offset}`,
          tone: rep.state === 'online' ? 'none' : 'bad',
        });
    }
    if (d.nodes?.length) {
      out.push({ text: 'NODES', bold: true });
      for (const nd of d.nodes)
        out.push({
          text: `  ${pad(sanitize(nd.addr, 40), 22)} ${pad(nd.role ?? '?', 7)} ${nd.error ? sanitize(nd.error, 120) : `${bytes(nd.usedMemory)}  ${n(nd.opsPerSec)} ops/s`}`,
          tone: nd.error ? 'bad' : 'none',
        });
    }
    out.push({
      text: `totals hits ${n(i.hits)} · misses ${n(i.misses)} · evicted ${n(i.evictedKeys)} · expired ${n(i.expiredKeys)} · commands ${n(i.totalCommands)} · rss ${bytes(i.usedMemoryRss)}`,
      tone: 'muted',
    });
    out.push({
      text: `fork ${i.latestForkUsec !== undefined ? `${(i.latestForkUsec / 1000).toFixed(1)}ms` : '?'} · target ${sanitize(d.target, 120)}`,
      tone: 'muted',
    });
  }
  return out.slice(0, Math.max(0, height)).map((l) => ({ ...l, text: fit(l.text, width) }));
}

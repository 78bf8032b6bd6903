// What `kubectl describe pod` tells a responder, as lines: the pod's status, node, owner and
// conditions; per container its image, state and last state (reason, exit code, when),
// readiness, restarts, requests and limits (and usage when metrics are there), its environment
// (values from Secrets or that look secret are not shown); then the pod's events, newest first. Pure: tested without Ink.
import { containerEnv } from '../../data/kubernetes/env.js';
import { cpuMilli, formatCpu, quantity } from '../../data/kubernetes/status.js';
import { ts, type KubeEvent, type Pod, type PodMetric } from '../../data/kubernetes/types.js';
import type { Tone } from '../../ui/tone.js';
import { age, bytes, pct } from '../../util/format.js';
import { sanitize } from '../../util/sanitize.js';
import { podInfo, restartsText, statusTone } from './columns.js';

export interface DetailLine {
  text: string;
  tone?: Tone;
  bold?: boolean;
}

type CState = NonNullable<NonNullable<NonNullable<Pod['status']>['containerStatuses']>[number]['state']>;
type CSpec = NonNullable<Pod['spec']>['containers'][number];

const s = (v: unknown, max = 200) => sanitize(v === undefined || v === null ? '' : String(v), max);
const ago = (t: number | undefined, now: number) => (t === undefined ? '?' : `${age(now - t)} ago`);

export function stateText(st: CState | undefined, now: number): { text: string; tone: Tone } {
  if (!st) return { text: '—', tone: 'muted' };
  if (st.running) return { text: `Running since ${ago(ts(st.running.startedAt), now)}`, tone: 'ok' };
  if (st.waiting) {
    const msg = st.waiting.message ? `: ${s(st.waiting.message, 160)}` : '';
    return { text: `Waiting (${s(st.waiting.reason || 'unknown', 60)})${msg}`, tone: 'warn' };
  }
  if (st.terminated) {
    const t = st.terminated;
    const started = ts(t.startedAt);
    const finished = ts(t.finishedAt);
    const ran = started !== undefined && finished !== undefined ? `, ran ${age(finished - started)}` : '';
    const sig = t.signal ? `, signal ${t.signal}` : '';
    return {
      text: `Terminated (${s(t.reason || 'unknown', 60)}, exit code ${t.exitCode}${sig}) ${ago(finished, now)}${ran}`,
      tone: t.exitCode === 0 ? 'muted' : 'bad',
    };
  }
  return { text: '—', tone: 'muted' };
}

function resources(c: CSpec | undefined): { req: string; lim: string } {
  const fmt = (r: Record<string, string> | undefined) => {
    if (!r || !Object.keys(r).length) return '—';
    return Object.entries(r)
      .map(([k, v]) => `${s(k, 40)} ${s(v, 20)}`)
      .join(', ');
  };
  return {
    req: fmt(c?.resources?.requests as Record<string, string> | undefined),
    lim: fmt(c?.resources?.limits as Record<string, string> | undefined),
  };
}

export function podEvents(events: readonly KubeEvent[], ns: string, name: string): KubeEvent[] {
  return events
    .filter(
      (e) =>
        e.involvedObject?.kind === 'Pod' &&
        e.involvedObject.name === name &&
        (e.involvedObject.namespace ?? e.metadata?.namespace) === ns,
    )
    .sort((a, b) => eventTime(b) - eventTime(a));
}

export function eventTime(e: KubeEvent): number {
  return (
    ts(e.lastTimestamp) ??
    ts(e.eventTime as unknown as string) ??
    ts(e.series?.lastObservedTime as unknown as string) ??
    ts(e.firstTimestamp) ??
    ts(e.metadata?.creationTimestamp) ??
    0
  );
}

export function eventCount(e: KubeEvent): number {
  return e.series?.count ?? e.count ?? 1;
}

export function describePod(
  pod: Pod,
  events: readonly KubeEvent[],
  metric: PodMetric | undefined,
  now: number,
): DetailLine[] {
  const info = podInfo(pod);
  const st = info.status;
  const out: DetailLine[] = [];
  const ns = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  out.push({ text: `${info.namespace}/${info.name}`, bold: true });
  out.push({
    text: `Status: ${st.reason}   Ready: ${st.ready}/${st.total}   Restarts: ${restartsText(st, now)}   Age: ${
      info.createdAt !== undefined ? age(now - info.createdAt) : '?'
    }`,
    tone: statusTone(st),
  });
  const owner =
    (pod.metadata?.ownerReferences ?? []).find((o) => o.controller) ?? pod.metadata?.ownerReferences?.[0];
  out.push({
    text: `Node: ${info.node || '<none>'}   IP: ${s(pod.status?.podIP || '—', 60)}   QoS: ${s(pod.status?.qosClass || '—', 20)}   Owner: ${
      owner ? `${s(owner.kind, 40)}/${s(owner.name, 253)}` : '—'
    }`,
  });
  if (pod.status?.message || pod.status?.reason) {
    out.push({
      text: `Reason: ${s(pod.status.reason || '—', 60)}  ${s(pod.status.message || '', 300)}`,
      tone: 'warn',
    });
  }
  const conds = pod.status?.conditions ?? [];
  out.push({
    text: `Conditions: ${conds.length ? conds.map((c) => `${s(c.type, 40)}=${s(c.status, 10)}`).join('  ') : '—'}`,
    tone: conds.some((c) => (c.type === 'Ready' || c.type === 'ContainersReady') && c.status !== 'True')
      ? 'warn'
      : undefined,
  });
  const block = (
    title: string,
    specs: CSpec[] | undefined,
    statuses: NonNullable<Pod['status']>['containerStatuses'],
  ) => {
    if (!specs?.length) return;
    out.push({ text: `${title}:`, bold: true });
    for (const c of specs) {
      const cs = statuses?.find((x) => x.name === c.name);
      out.push({ text: `  ${s(c.name, 253)}   image ${s(cs?.image ?? c.image ?? '?', 300)}`, bold: true });
      const cur = stateText(cs?.state, now);
      out.push({ text: `    State:      ${cur.text}`, tone: cur.tone });
      if (cs?.lastState && (cs.lastState.terminated || cs.lastState.waiting || cs.lastState.running)) {
        const last = stateText(cs.lastState, now);
        out.push({
          text: `    Last State: ${last.text}`,
          tone: last.tone === 'muted' ? undefined : last.tone,
        });
      }
      out.push({
        text: `    Ready: ${cs?.ready ? 'true' : 'false'}   Restarts: ${cs?.restartCount ?? 0}`,
        tone: cs && !cs.ready ? 'warn' : undefined,
      });
      const r = resources(c);
      out.push({ text: `    Requests: ${r.req}   Limits: ${r.lim}` });
      const m = metric?.containers.find((x) => x.name === c.name);
      if (m) {
        const memLim = quantity(c.resources?.limits?.memory);
        const memReq = quantity(c.resources?.requests?.memory);
        const cpuReq = cpuMilli(c.resources?.requests?.cpu);
        const cpuLim = cpuMilli(c.resources?.limits?.cpu);
        const risk = memLim ? m.memB / memLim >= 0.9 : false;
        out.push({
          text: `    Usage: cpu ${formatCpu(m.cpuM)} (${pct(m.cpuM, cpuReq ?? 0)} of request, ${pct(m.cpuM, cpuLim ?? 0)} of limit)   memory ${bytes(m.memB)} (${pct(m.memB, memReq ?? 0)} of request, ${pct(m.memB, memLim ?? 0)} of limit)${risk ? '  ▲ OOM risk' : ''}`,
          tone: risk ? 'bad' : undefined,
        });
      }
      const env = containerEnv(c);
      out.push({
        text: `    Environment:${env.vars.length || env.from.length ? '' : ' <none>'}`,
        tone: env.vars.length || env.from.length ? undefined : 'muted',
      });
      for (const e of env.vars)
        out.push({
          text: `      ${s(e.name, 120)}=${s(e.shown, 300)}`,
          tone: e.hidden ? 'muted' : undefined,
        });
      for (const f of env.from) out.push({ text: `      all of ${s(f, 300)}`, tone: 'muted' });
    }
  };
  block('Init Containers', pod.spec?.initContainers, pod.status?.initContainerStatuses);
  block('Containers', pod.spec?.containers, pod.status?.containerStatuses);
  const evs = podEvents(events, ns, name);
  out.push({ text: `Events (${evs.length}, newest first):`, bold: true });
  if (!evs.length) out.push({ text: '  <none>', tone: 'muted' });
  for (const e of evs) {
    const n = eventCount(e);
    out.push({
      text: `  ${age(now - eventTime(e)).padStart(4)}  ${s(e.type || 'Normal', 10).padEnd(7)}  ${s(e.reason || '', 40)}${
        n > 1 ? ` (x${n})` : ''
      }  ${s(e.message || '', 500)}`,
      tone: e.type === 'Warning' ? 'warn' : undefined,
    });
  }
  return out;
}

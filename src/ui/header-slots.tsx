// The incident part of the header: id, severity, phase, title, and when the next status
// update is due — OVERDUE with a symbol and inverse video when late, never colour alone —, the
// escalation countdown, the key times so far (time to detect, to mitigate, to resolve) and, with
// a shared journal, its state: early when offline ('shared: offline since 12:04 · 3 events
// waiting'), after the title when live (with who else has the incident open); actions running
// on the incident right after the detections ('▶ alice@bastion-1: rollout undo backend (running)
// since 12:04:05'). Short of room, it gives up its least urgent parts whole (GIVE_UP) rather than
// losing whatever comes last.
import { Text, type TextProps } from 'ink';
import { fitSegments, type GiveUp, type Segment } from './fit-segments.js';
import { INCIDENT } from '../incident/controller.js';
import { escalationText } from '../incident/escalation.js';
import { keyTimesText, sevName, phaseTitle } from '../incident/model.js';
import { dueText } from '../incident/templates.js';
import { sharedText } from '../incident/shared/status.js';
import { inflightTexts } from '../incident/inflight.js';
import { sanitize } from '../util/sanitize.js';
import { useSlice } from './hooks.js';

type Style = Pick<TextProps, 'bold' | 'inverse' | 'color' | 'dimColor'>;
const STYLE: Record<string, Style> = {
  overdue: { bold: true, inverse: true, color: 'red' },
  due: { color: 'cyan' },
  detections: { color: 'red' },
  acting: { bold: true, color: 'yellow' },
  'shared-down': { color: 'yellow' },
  escalate: { bold: true, inverse: true, color: 'magenta' },
  escalation: { color: 'magenta' },
  'shared-live': { dimColor: true },
};

/**
 * What the incident's line gives up, in turn, when the header is short of room: its phase and
 * key times, the title's tail, the id (`!` shows id, phase and title whole), since when the others
 * are on the incident, the escalation countdown, who the others are, at last the title; then the
 * update due is said short ('⏱ 5m', '✖ OVERDUE 3m'). Severity, the update due or overdue,
 * detections, actions running, a shared journal that is down and an escalation that is due are
 * never given up; what still does not fit is cut at the end.
 */
const GIVE_UP: readonly GiveUp[] = [
  { drop: 'phase' },
  { drop: 'times' },
  { cut: 'title', to: 24 },
  { drop: 'id' },
  { short: 'shared-live' },
  { drop: 'escalation' },
  { cut: 'title', to: 12 },
  { cut: 'shared-live', to: 30 },
  { drop: 'shared-live' },
  { cut: 'acting', to: 30 },
  { drop: 'title' },
  { short: 'due' },
  { short: 'overdue' },
];

/** `room`: the cells the header leaves it (without, everything is drawn and cut at the end). */
export function HeaderIncident({ now, room = Infinity }: { now: number; room?: number }) {
  const slice = useSlice(INCIDENT);
  // A replay shows the incident as it was at the moment on screen (IncidentSlice.asOf).
  const s = slice?.asOf ?? slice?.state;
  if (!s || !slice) {
    return (
      <Text dimColor wrap="truncate">
        {'  no incident · ! declares one'}
      </Text>
    );
  }
  const sev = sevName(s.severity, slice.naming);
  if (s.phase === 'resolved') {
    return (
      <Text wrap="truncate" color="green">
        {`  ● RESOLVED ${s.id} ${sev} · ${sanitize(s.title, 120)} · ${keyTimesText(s)}`}
        {slice.shared ? ` · ${sanitize(sharedText(slice.shared, slice.actor), 300)}` : ''}
      </Text>
    );
  }
  const due = dueText(s, now, slice.cadence);
  const esc = escalationText(s, now, slice.escalation);
  const sevColor = s.severity === 'SEV1' ? 'red' : s.severity === 'SEV2' ? 'yellow' : undefined;
  const detections = s.activeDetections.size;
  const shared = slice.shared ? sanitize(sharedText(slice.shared, slice.actor), 300) : '';
  const live = slice.shared?.state === 'online';
  const times = keyTimesText(s);
  // Most urgent first, so a narrow terminal still shows severity and the update due; then what the
  // incident is (its title) before its phase and id.
  const segments: Segment[] = [
    { id: 'sev', text: `  ▲ ${sev} ` },
    due.overdue
      ? { id: 'overdue', text: ` ✖ ${due.text} `, short: ` ✖ ${due.short} ` }
      : { id: 'due', text: `⏱ ${due.text}`, ...(due.short ? { short: `⏱ ${due.short}` } : {}) },
    ...(detections
      ? [{ id: 'detections', text: ` · ✖ ${detections} detection${detections === 1 ? '' : 's'}` }]
      : []),
    ...(s.acting.size
      ? [{ id: 'acting', text: ` · ▶ ${sanitize(inflightTexts(s, slice.shared, now).join(' · '), 400)}` }]
      : []),
    ...(shared && !live
      ? [{ id: 'shared-down', text: ` · ${slice.shared!.state === 'offline' ? '▲ ' : ''}${shared}` }]
      : []),
    ...(esc
      ? [esc.due ? { id: 'escalate', text: ` ${esc.text} ` } : { id: 'escalation', text: ` · ${esc.text}` }]
      : []),
    { id: 'title', text: ` · ${sanitize(s.title, 120)}` },
    { id: 'phase', text: ` · ${phaseTitle(s.phase)}` },
    { id: 'id', text: ` · ${s.id}` },
    ...(times ? [{ id: 'times', text: ` · ${times}` }] : []),
    ...(shared && live
      ? [
          {
            id: 'shared-live',
            text: ` · ${shared}`,
            short: ` · ${sanitize(sharedText(slice.shared!, slice.actor, false), 300)}`,
          },
        ]
      : []),
  ];
  return (
    <Text wrap="truncate">
      {fitSegments(segments, room, GIVE_UP).map(({ id, text }) => (
        <Text key={id} {...(id === 'sev' ? { bold: true, color: sevColor } : STYLE[id])}>
          {text}
        </Text>
      ))}
    </Text>
  );
}

// The incident part of the header: id, severity, phase, title, and when the next status
// update is due — OVERDUE with a symbol and inverse video when late, never colour alone —, the
// escalation countdown, the key times so far (time to detect, to mitigate, to resolve) and, with
// a shared journal, its state: early when offline ('shared: offline since 12:04 · 3 events
// waiting'), after the title when live (with who else has the incident open); actions running
// on the incident right after the detections ('▶ alice@bastion-1: rollout undo backend (running)
// since 12:04:05').
import { Text } from 'ink';
import { INCIDENT } from '../incident/controller.js';
import { escalationText } from '../incident/escalation.js';
import { keyTimesText, sevName, phaseTitle } from '../incident/model.js';
import { dueText } from '../incident/templates.js';
import { sharedText } from '../incident/shared/status.js';
import { inflightTexts } from '../incident/inflight.js';
import { sanitize } from '../util/sanitize.js';
import { useSlice } from './hooks.js';

export function HeaderIncident({ now }: { now: number }) {
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
  // Most urgent first, so a narrow terminal still shows severity and the update due; then what the
  // incident is (its title) before its phase and id.
  return (
    <Text wrap="truncate">
      <Text bold color={sevColor}>{`  ▲ ${sev} `}</Text>
      {due.overdue ? (
        <Text bold inverse color="red">{` ✖ ${due.text} `}</Text>
      ) : (
        <Text color="cyan">{`⏱ ${due.text}`}</Text>
      )}
      {s.activeDetections.size ? (
        <Text color="red">{` · ✖ ${s.activeDetections.size} detection${s.activeDetections.size === 1 ? '' : 's'}`}</Text>
      ) : null}
      {s.acting.size ? (
        <Text
          bold
          color="yellow"
        >{` · ▶ ${sanitize(inflightTexts(s, slice.shared, now).join(' · '), 400)}`}</Text>
      ) : null}
      {slice.shared && slice.shared.state !== 'online' ? (
        <Text color={slice.shared.state === 'offline' ? 'yellow' : undefined}>
          {` · ${slice.shared.state === 'offline' ? '▲ ' : ''}${sanitize(sharedText(slice.shared, slice.actor), 300)}`}
        </Text>
      ) : null}
      {esc ? (
        esc.due ? (
          <Text bold inverse color="magenta">{` ${esc.text} `}</Text>
        ) : (
          <Text color="magenta">{` · ${esc.text}`}</Text>
        )
      ) : null}
      <Text>{` · ${sanitize(s.title, 120)} · ${phaseTitle(s.phase)} · ${s.id} · ${keyTimesText(s)}`}</Text>
      {slice.shared?.state === 'online' ? (
        <Text dimColor>{` · ${sanitize(sharedText(slice.shared, slice.actor), 300)}`}</Text>
      ) : null}
    </Text>
  );
}

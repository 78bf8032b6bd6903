import type { BindingSpec } from '../keymap.js';

// The replay's keys (`warroom replay`): they come before the panes' own (band 'mode').
export const keys = [
  {
    command: 'replay.back',
    keys: ['left'],
    scope: 'replay',
    description: 'Replay: 10 s back',
    short: '10 s back',
  },
  {
    command: 'replay.forward',
    keys: ['right'],
    scope: 'replay',
    description: 'Replay: 10 s forward',
    short: '10 s fwd',
  },
  {
    command: 'replay.backMinute',
    keys: ['['],
    scope: 'replay',
    description: 'Replay: one minute back',
    short: '1 min back',
  },
  {
    command: 'replay.forwardMinute',
    keys: [']'],
    scope: 'replay',
    description: 'Replay: one minute forward',
    short: '1 min fwd',
  },
  {
    command: 'replay.start',
    keys: ['home'],
    scope: 'replay',
    description: 'Replay: the first recorded moment',
  },
  { command: 'replay.end', keys: ['end'], scope: 'replay', description: 'Replay: the last recorded moment' },
  {
    command: 'replay.play',
    keys: [' '],
    scope: 'replay',
    description: 'Replay: play / pause',
    short: 'play/pause',
  },
  {
    command: 'replay.faster',
    keys: ['+', '='],
    scope: 'replay',
    description: 'Replay: faster',
    short: 'faster',
  },
  { command: 'replay.slower', keys: ['-'], scope: 'replay', description: 'Replay: slower', short: 'slower' },
  {
    command: 'replay.jump',
    keys: ['enter'],
    scope: 'replay',
    description: 'Replay, in the timeline: go to the selected event',
    short: 'go to event',
  },
] as const satisfies readonly BindingSpec[];

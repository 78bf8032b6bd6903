// ink's Output (the cell grid one frame is drawn into), which its package does not export: the
// bundle resolves 'ink/build/output.js' to that file for src/ui/ink-output.ts (scripts/bundle-options.mjs).
declare module 'ink/build/output.js' {
  import type { StyledChar } from '@alcalzone/ansi-tokenize';
  export interface OutputCaches {
    widths: Map<string, number>;
    blockWidths: Map<string, number>;
    styledChars: Map<string, StyledChar[]>;
    getStyledChars(line: string): StyledChar[];
    getStringWidth(text: string): number;
    getWidestLine(text: string): number;
  }
  export interface Clip {
    x1: number | undefined;
    x2: number | undefined;
    y1: number | undefined;
    y2: number | undefined;
  }
  /** ink's per-line transform of a text (its styles), given the line's index in the text. */
  export type Transformer = (line: string, index: number) => string;
  export type Operation =
    | { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] }
    | { type: 'clip'; clip: Clip }
    | { type: 'unclip' };
  export default class Output {
    constructor(options: { width: number; height: number });
    protected operations: Operation[];
    caches: OutputCaches;
    width: number;
    height: number;
    write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void;
    clip(clip: Clip): void;
    unclip(): void;
    sliceLineToColumns(line: string, from: number, to: number): string;
    get(): { output: string; height: number };
  }
}

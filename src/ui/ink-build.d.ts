// ink's Output (the cell grid one frame is drawn into), which its package does not export: the
// bundle resolves 'ink/build/output.js' to that file for src/ui/ink-output.ts (scripts/bundle-options.mjs).
declare module 'ink/build/output.js' {
  export interface OutputCaches {
    widths: Map<string, number>;
    blockWidths: Map<string, number>;
    styledChars: Map<string, unknown[]>;
    getStyledChars(line: string): unknown[];
    getStringWidth(text: string): number;
    getWidestLine(text: string): number;
  }
  export default class Output {
    constructor(options: { width: number; height: number });
    caches: OutputCaches;
  }
}

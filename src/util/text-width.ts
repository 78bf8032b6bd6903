// Width of a text in terminal cells: string-width's answer, with a fast path for the text a
// console draws most (issue 15). string-width segments every non-ASCII text into graphemes and
// tests each against Unicode-property regexes; one 200-column border line costs ~40 µs, and its
// first call ~25 ms (ICU's segmenter and the emoji regexes compiled). Borders (─ ║), dots (●),
// arrows, braille sparklines and Latin/Greek/Cyrillic letters are one cell each and never join
// into a grapheme with their neighbours, so a text made of only those is as wide as it is long.
// Everything else (CJK, emoji, combining marks, controls) goes to string-width itself.
//
// The bundle routes every `import 'string-width'` of ink, wrap-ansi, cli-truncate and slice-ansi
// here (scripts/bundle-options.mjs, `shimsPlugin`); test/unit/text-width.test.ts checks,
// code point by code point, that this class and string-width agree.
import stripAnsi from 'strip-ansi';
import stringWidth from 'string-width';

type Options = Parameters<typeof stringWidth>[1];

/**
 * Code points string-width measures as one cell, that no grapheme rule joins to a neighbour
 * (no marks, joiners, variation selectors, emoji-presentation or regional indicators): printable
 * ASCII, Latin-1 and Latin Extended-A/B, Greek, Cyrillic, punctuation, super/subscripts,
 * currency, letterlike, arrows, mathematical and technical symbols, enclosed alphanumerics, box
 * drawing, blocks, geometric shapes, text-presentation symbols and dingbats, braille.
 */
export const NARROW =
  /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u024F\u0370-\u0377\u037A-\u037F\u0384-\u038A\u038C\u038E-\u03A1\u03A3-\u0482\u048A-\u04FF\u2010-\u2027\u2030-\u205E\u2070-\u2071\u2074-\u208E\u2090-\u209C\u20A0-\u20C1\u2100-\u218B\u2190-\u2319\u231C-\u2328\u232B-\u23E8\u23ED-\u23EF\u23F1-\u23F2\u23F4-\u2429\u2440-\u244A\u2460-\u25FC\u25FF-\u2613\u2616-\u262F\u2638-\u2647\u2654-\u267E\u2680-\u2689\u2690-\u2692\u2694-\u26A0\u26A2-\u26A9\u26AC-\u26BC\u26BF-\u26C3\u26C6-\u26CD\u26CF-\u26D3\u26D5-\u26E9\u26EB-\u26F1\u26F4\u26F6-\u26F9\u26FB-\u26FC\u26FE-\u2704\u2706-\u2709\u270C-\u2727\u2729-\u274B\u274D\u274F-\u2752\u2756\u2758-\u2794\u2798-\u27AF\u27B1-\u27BE\u27C0-\u2B1A\u2B1D-\u2B4F\u2B51-\u2B54\u2B56-\u2B73\u2B76-\u2BFF]*$/;

/** string-width, the same answer, without segmenting texts of one-cell characters. */
export default function textWidth(input: string, options?: Options): number {
  if (typeof input !== 'string') return 0;
  if (options?.ambiguousIsNarrow === false || options?.countAnsiEscapeCodes) {
    return stringWidth(input, options);
  }
  const text = input.includes('\u001B') || input.includes('\u009B') ? stripAnsi(input) : input;
  return NARROW.test(text) ? text.length : stringWidth(text, options);
}

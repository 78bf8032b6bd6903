// The series' colours, in legend order: none of them is a marker's colour (markers.ts), so a
// reader (and the screenshot test) tells a series from a mark.
export const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#17becf',
  '#8c564b',
  '#bcbd22',
  '#e377c2',
  '#000000',
  '#aec7e8',
] as const;

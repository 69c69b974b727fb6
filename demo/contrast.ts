/**
 * WCAG 2 contrast for the workbench's colour inputs: the ratio of two `#rrggbb` colours, and the
 * text colour (of a few) that reads best on a background — the suggested on-primary.
 */
const channel = (v: number) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** Relative luminance of `#rrggbb`. */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => channel(parseInt(hex.slice(i, i + 2), 16)));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** The contrast ratio, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** What text of this colour needs (WCAG AA): 4.5 for text, 3 for borders and large text. */
export const AA_TEXT = 4.5;
export const AA_NON_TEXT = 3;

/** The candidate that reads best on `background` (white or near-black by default). */
export function bestOn(background: string, candidates: readonly string[] = ['#ffffff', '#000000']): string {
  return candidates.reduce((best, c) => (contrast(c, background) > contrast(best, background) ? c : best));
}

/**
 * A tile's icon: the drawing for its kind (icon-paths.ts, loaded on demand so the main bundle
 * carries no drawings), stroked in the theme's colour; an empty box of the same size until the
 * drawings are there.
 */
import { svg, type SVGTemplateResult } from 'lit';

export const methodIcon = (paths: Readonly<Record<string, string>> | undefined, kind: string | undefined): SVGTemplateResult =>
  svg`<svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" stroke-linecap="round" aria-hidden="true" focusable="false"><path d=${paths ? (paths[kind ?? ''] ?? paths['']!) : ''} /></svg>`;

/**
 * An amount as people type it in their language: the locale's grouping separator between groups
 * of three digits ("1,000.50" in English, "1.000,50" in German, "1’000" in Swiss German) is
 * dropped and its decimal separator read as the point. Anything else goes to core's
 * `parseAmount` unchanged, which reads one "." or "," as decimals ("25,50" anywhere).
 */
export function ungroup(text: string, locale: string): string {
  const plain = text.replace(/[\s\u00a0\u202f]/g, '');
  // "1,234,567.5" in the locale: its group separator second, its decimal separator second to last.
  const sample = sampleIn(locale);
  const [whole = '', fraction, extra] = plain.split(sample.at(-2)!);
  const groups = whole.split(sample[1]!);
  // A space-like separator (French, Norwegian…) is already gone with the spaces: one group.
  if (extra !== undefined || groups.length < 2 || !/^\d{1,3}$/.test(groups[0]!) || groups.some((g, i) => i && !/^\d{3}$/.test(g))) return plain;
  return groups.join('') + (fraction === undefined ? '' : `.${fraction}`);
}

/** "1,234,567.5" per locale, made once: each `toLocaleString(locale)` builds a formatter (the form checks the amount on every render). */
const samples = new Map<string, string>();
function sampleIn(locale: string): string {
  let sample = samples.get(locale);
  if (!sample) {
    try {
      sample = (1234567.5).toLocaleString(locale);
    } catch {
      sample = '1,234,567.5'; // a malformed locale: English's
    }
    samples.set(locale, sample);
  }
  return sample;
}

/**
 * An amount as people type it in their language: the locale's grouping separator between groups
 * of three digits ("1,000.50" in English, "1.000,50" in German, "1’000" in Swiss German) is
 * dropped and its decimal separator read as the point. Anything else goes to core's
 * `parseAmount` unchanged, which reads one "." or "," as decimals ("25,50" anywhere).
 */
const separators = new Map<string, readonly [string, string]>();

function separatorsOf(locale: string): readonly [group: string, decimal: string] {
  let found = separators.get(locale);
  if (!found) {
    let parts: Intl.NumberFormatPart[] = [];
    try {
      parts = new Intl.NumberFormat(locale).formatToParts(1000.5);
    } catch {
      // a malformed locale: English's
    }
    const part = (type: string, or: string) => parts.find((p) => p.type === type)?.value ?? or;
    found = [part('group', ','), part('decimal', '.')];
    separators.set(locale, found);
  }
  return found;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The typed amount with the locale's grouping removed and its decimal separator made "."; spaces are core's to drop. */
export function ungroup(text: string, locale: string): string {
  const [group, decimal] = separatorsOf(locale);
  const plain = text.replace(/[\s\u00a0\u202f]/g, '');
  // A space-like group separator (French, Norwegian…) is already gone with the spaces.
  if (/^\s$/u.test(group) || group === '\u00a0' || group === '\u202f') return plain;
  const grouped = new RegExp(`^(\\d{1,3}(?:${escape(group)}\\d{3})+)(?:${escape(decimal)}(\\d*))?$`).exec(plain);
  if (!grouped) return plain;
  return grouped[1]!.split(group).join('') + (grouped[2] !== undefined ? `.${grouped[2]}` : '');
}

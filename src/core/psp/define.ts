/**
 * A provider is two declarative modules: `./<name>.ts`, the player's form (all the widget
 * imports), and `./<name>.proxy.ts`, the parts only the proxy reads, which joins the two here.
 * Keeping them apart is what lets the widget's bundle leave the proxy's parts out: nothing it
 * imports refers to them.
 */
import { FLOWS, type PspDefinition, type PspForm, type PspProxyPart } from './types.js';

export class CatalogError extends Error {
  override name = 'CatalogError';
}

/** The whole provider: the form's fields (with their body entries), then the proxy's. */
export function definePsp(form: PspForm, proxy: PspProxyPart): PspDefinition {
  for (const flow of FLOWS) {
    if (!form.flows[flow] !== !proxy.flows[flow]) throw new CatalogError(`${form.pspType}: its form and its proxy part disagree on ${flow}`);
  }
  const toBody = proxy.toBody ?? {};
  for (const name of Object.keys(toBody)) {
    if (!form.fields.some((f) => f.name === name)) throw new CatalogError(`${form.pspType}: toBody for ${name}, which its form lacks`);
  }
  return {
    ...form,
    ...(proxy.englishDescription ? { englishDescription: proxy.englishDescription } : {}),
    flows: proxy.flows,
    fields: [...form.fields.map((f) => (toBody[f.name] ? { ...f, toBody: toBody[f.name] } : f)), ...(proxy.fields ?? [])],
    ...(proxy.derive ? { derive: proxy.derive } : {}),
    ...(proxy.gaps ? { gaps: proxy.gaps } : {}),
  };
}

/**
 * The PSPs the sandbox can stand in for. A PSP that is listed in `enabledPsps` must be modelled
 * here, or `createSandbox` refuses the configuration (an unknown provider is a configuration
 * error, loudly — never a silent fallback).
 */
import { payone } from './payone.js';
import type { PspModel } from './psp-model.js';
import { brite } from './psps/brite.js';
import { cleo } from './psps/cleo.js';
import { emerchantpay } from './psps/emerchantpay.js';
import { flexepin } from './psps/flexepin.js';
import { forumpay } from './psps/forumpay.js';
import { gigadat } from './psps/gigadat.js';
import { neosurf } from './psps/neosurf.js';
import { trust } from './psps/trust.js';
import { worldpay } from './psps/worldpay.js';

export const PSP_MODELS: Readonly<Record<string, PspModel>> = Object.fromEntries(
  [payone, gigadat, forumpay, cleo, flexepin, neosurf, trust, worldpay, emerchantpay, brite].map((m) => [m.pspType, m]),
);

export function pspModel(pspType: string): PspModel | undefined {
  return Object.hasOwn(PSP_MODELS, pspType) ? PSP_MODELS[pspType] : undefined;
}

export function assertModelled(pspTypes: readonly string[]): void {
  const unknown = pspTypes.filter((code) => !pspModel(code));
  if (unknown.length) {
    throw new Error(
      `mozarto sandbox: no model for PSP ${unknown.map((c) => JSON.stringify(c)).join(', ')}; ` + `modelled: ${Object.keys(PSP_MODELS).join(', ')}`,
    );
  }
}

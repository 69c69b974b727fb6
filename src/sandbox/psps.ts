/**
 * The PSPs the sandbox can stand in for. A PSP that is listed in `enabledPsps` must be modelled
 * here, or `createSandbox` refuses the configuration (an unknown provider is a configuration
 * error, loudly — never a silent fallback).
 */
import { payone } from './payone.js';
import type { PspModel } from './psp-model.js';

export const PSP_MODELS: Readonly<Record<string, PspModel>> = {
  [payone.pspType]: payone,
};

export function pspModel(pspType: string): PspModel | undefined {
  return Object.hasOwn(PSP_MODELS, pspType) ? PSP_MODELS[pspType] : undefined;
}

export function assertModelled(pspTypes: readonly string[]): void {
  const unknown = pspTypes.filter((code) => !pspModel(code));
  if (unknown.length) {
    throw new Error(
      `mozarto sandbox: no model for PSP ${unknown.map((c) => JSON.stringify(c)).join(', ')}; ` +
        `modelled: ${Object.keys(PSP_MODELS).join(', ')}`,
    );
  }
}

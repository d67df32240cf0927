// The template use cases with their ports bound once (platform.ts builds this): what the template routes call.
import { MERGE_FIELDS, translateLegacy } from '../../../templates/index.ts';
import { AppError } from '../../errors.ts';
import { listTemplates } from './listTemplates.ts';
import { previewClinicTemplate } from './previewClinicTemplate.ts';
import { saveTemplate } from './saveTemplate.ts';
import { sendTemplateTest } from './sendTemplateTest.ts';
import type { TemplateDeps, TemplateKey } from './templateDeps.ts';

export function createTemplateUseCases(deps: TemplateDeps) {
  return Object.freeze({
    /** The merge-field catalogue the editor offers. */
    fields: () => MERGE_FIELDS,
    list: (clinicId: string, filters: Parameters<typeof listTemplates>[2]) => listTemplates(deps, clinicId, filters),
    save: (clinicId: string, key: TemplateKey, template: Parameters<typeof saveTemplate>[3]) => saveTemplate(deps, clinicId, key, template),
    /** Back to the pack's version. */
    async remove(clinicId: string, key: TemplateKey) {
      if (!(await deps.overrides.delete(clinicId, key))) throw AppError.notFound('Template override');
    },
    preview: (clinicId: string, request: Parameters<typeof previewClinicTemplate>[2]) => previewClinicTemplate(deps, clinicId, request),
    sendTest: (clinicId: string, test: Parameters<typeof sendTemplateTest>[2]) => sendTemplateTest(deps, clinicId, test),
    /** Another product's template text (Kalix, TuoTempo, OWL) in our syntax, with the tokens we could not map. */
    importLegacy: translateLegacy,
  });
}

export type TemplateUseCases = ReturnType<typeof createTemplateUseCases>;

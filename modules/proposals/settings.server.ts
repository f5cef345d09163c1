import { formText, typedNumber } from '../../platform/modules/form';
import { refuse } from '../../platform/modules/errors';
import type { ModuleContext } from '../../platform/modules/server';
import type { ProposalsConfig, SequenceConfig } from './manifest';
import type { ProposalsSettingsData } from './participation-data';
import { settingsBounds } from './rules';

/*
 * The strategist's settings of a massive consultation, read field by field so that the first
 * mistake comes back beside its field (the manifest's schema checks the result again). Field
 * names, which proposals-settings.tsx writes:
 *   prefix_<lang> (each language of the consultation; the default one required)
 *   minChars, maxChars (characters after the prefix), askTheme (checkbox)
 *   cards, newShare (%), newThreshold, controversyShare (%), cap, rejectionBound (%)
 */

type Context = ModuleContext<ProposalsConfig>;

/** The longest prefix ("Il faut", "Je propose de"…): it is shown before every proposal. */
export const maxPrefixLength = 40;
type NumberField = keyof typeof settingsBounds;

/**
 * A number as a person types it in French or English: "1 500" (spaces, the non-breaking ones
 * too, between groups of three digits), "2,5" or "2.5"; within the field's bounds.
 */
function numberFrom(form: FormData, field: NumberField, { whole }: { whole: boolean }): number {
  // A share may be typed with its percent sign.
  const value = typedNumber(formText(form, field).trim().replace(/\s*%$/, '')) ?? refuse(field, 'number.required');
  if (Number.isNaN(value) || value < 0) refuse(field, 'number.invalid');
  if (whole && !Number.isInteger(value)) refuse(field, 'number.notWhole');
  const { min, max } = settingsBounds[field];
  if (value < min || value > max) refuse(field, 'number.range');
  return value;
}

/** How many proposals and themes there are, for the form's hints. */
export async function loadProposalsSettings({ db, consultation, instance }: Context): Promise<ProposalsSettingsData> {
  const [proposals, themes] = await Promise.all([
    db.selectFrom('proposals').select((eb) => eb.fn.countAll<string>().as('count')).where('instance_id', '=', instance.id).executeTakeFirstOrThrow(),
    db.selectFrom('themes').select((eb) => eb.fn.countAll<string>().as('count')).where('consultation_id', '=', consultation.id).executeTakeFirstOrThrow(),
  ]);
  return { proposals: Number(proposals.count), themes: Number(themes.count) };
}

/** The configuration the settings form describes, or a ModuleInputError for its first mistake. */
export async function proposalsConfigFromForm(context: Context, form: FormData): Promise<ProposalsConfig> {
  const { consultation } = context;
  const prefix: Record<string, string> = {};
  for (const lang of consultation.languages) {
    const value = formText(form, `prefix_${lang}`).replace(/\s+/g, ' ').trim();
    if ([...value].length > maxPrefixLength) refuse(`prefix_${lang}`, 'prefix.tooLong');
    if (value) prefix[lang] = value;
  }
  if (!prefix[consultation.default_language]) refuse(`prefix_${consultation.default_language}`, 'prefix.required');

  const minChars = numberFrom(form, 'minChars', { whole: true });
  const maxChars = numberFrom(form, 'maxChars', { whole: true });
  if (minChars >= maxChars) refuse('maxChars', 'chars.order');

  const sequence: SequenceConfig = {
    cards: numberFrom(form, 'cards', { whole: true }),
    newShare: numberFrom(form, 'newShare', { whole: false }) / 100,
    newThreshold: numberFrom(form, 'newThreshold', { whole: true }),
    controversyShare: numberFrom(form, 'controversyShare', { whole: false }) / 100,
    cap: numberFrom(form, 'cap', { whole: true }),
    rejectionBound: numberFrom(form, 'rejectionBound', { whole: false }) / 100,
  };
  // A proposal leaving the pool before it is out of the "new" pile would never be tested.
  if (sequence.cap <= sequence.newThreshold) refuse('cap', 'cap.belowThreshold');
  return { prefix, minChars, maxChars, askTheme: form.get('askTheme') === 'on', sequence };
}

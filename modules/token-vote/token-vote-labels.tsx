import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLanguage } from '../../platform/i18n/languages';
import type { Gauge, TokenCategory, TokenVoteConfig } from './manifest';

/*
 * What the voting screen, the results and the summary share: the names of categories, gauges and
 * choices in the reader's language, a category's colour chip, and how numbers read.
 */

export type Picked = { text: string; lang: string };

/** The module's own path: its page, its actions and (with `/export`) its download. */
export const modulePath = (slug: string, instanceId: string) => `/consultations/${slug}/modules/${instanceId}`;

/** A category's colour, for the CSS that draws chips and bars (always as a background under white text). */
export const categoryStyle = (category: TokenCategory): CSSProperties => ({ '--category-color': category.color }) as CSSProperties;

/** Names of the configuration's categories, gauges and choices, in the reader's language. */
export function useVoteLabels(config: TokenVoteConfig, locale: string, defaultLanguage: string) {
  const pick = (text: Record<string, string | undefined>): Picked => pickLanguage(text, locale, defaultLanguage);
  const categoryOf = (key: string) => config.categories.find((category) => category.key === key);
  return {
    pick,
    categoryOf,
    category: (key: string): Picked => {
      const category = categoryOf(key);
      return category ? pick(category.label) : { text: key, lang: defaultLanguage };
    },
    gauge: (gauge: Gauge): Picked => pick(gauge.label),
    unit: (gauge: Gauge): string => (gauge.type === 'numeric' ? pick(gauge.unit).text : ''),
    choice: (gauge: Gauge, key: string): Picked => {
      const choice = gauge.type === 'labelled' ? gauge.choices.find((candidate) => candidate.key === key) : undefined;
      return choice ? pick(choice.label) : { text: key, lang: defaultLanguage };
    },
  };
}

/** A category's name on its colour (white text: the settings check a contrast of 4.5:1). */
export function CategoryChip({ category, label }: { category: TokenCategory; label: Picked }) {
  return (
    <span className="token-vote-chip" style={categoryStyle(category)} lang={label.lang}>
      {label.text}
    </span>
  );
}

/** A number as the reader writes it, with its unit when it has one ("1 500 €"). */
export function useNumberText(locale: string) {
  const { t } = useTranslation('token-vote');
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const signed = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  return {
    number: (value: number, unit = '') => (unit ? t('number.withUnit', { value: format.format(value), unit }) : format.format(value)),
    /** A net score, with its sign ("+4", "−2", "0"). */
    net: (value: number) => signed.format(value),
  };
}

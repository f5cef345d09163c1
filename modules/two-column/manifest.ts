import { z } from 'zod';
import type { ModuleManifest } from '../../platform/modules/manifest';
import { isHexColor } from '../../platform/colors';
import { columnKeys, maxColumns, minColumns, suggestedColors } from './columns';
import type { TwoColumnPageData, TwoColumnSettingsData, TwoColumnSummaryData } from './two-column-data';
import { TwoColumnPage } from './two-column-page';
import { TwoColumnSettings } from './two-column-settings';
import { TwoColumnSummary } from './two-column-summary';

const localized = z.record(z.string().regex(/^[a-z]{2}$/), z.string().trim().max(60));

export const columnSchema = z.object({
  key: z.string().regex(/^[a-z]{1,8}$/),
  label: localized.refine((text) => Object.values(text).some((value) => value.length > 0), 'label.required'),
  color: z.string().refine(isHexColor, 'color.invalid'),
});

/** Columns (2 to 4) with their labels per language and colours, the ideas chosen into the phase, and how arguments are sorted at first. */
export const twoColumnConfig = z.object({
  columns: z
    .array(columnSchema)
    .min(minColumns)
    .max(maxColumns)
    .refine((columns) => new Set(columns.map((column) => column.key)).size === columns.length, 'columns.duplicate'),
  ideaIds: z.array(z.string().uuid()).max(200),
  sort: z.enum(['upvotes', 'date']),
});
export type TwoColumnConfig = z.infer<typeof twoColumnConfig>;
export type Column = TwoColumnConfig['columns'][number];

export const defaultTwoColumnConfig: TwoColumnConfig = {
  columns: [
    { key: columnKeys[0], label: { fr: 'Pour', en: 'For' }, color: suggestedColors[0] },
    { key: columnKeys[1], label: { fr: 'Contre', en: 'Against' }, color: suggestedColors[1] },
  ],
  ideaIds: [],
  sort: 'upvotes',
};

/**
 * The assembly method's deepening: for each idea chosen into the phase, arguments in two (or
 * more) columns (pros and cons…), replies, upvotes, and a synthesizer's summary at the top of
 * each column. Arguments are posts (topic `<idea>:<column>`), so moderation and realtime are
 * the platform's.
 */
export const twoColumnManifest: ModuleManifest<TwoColumnConfig, TwoColumnSummaryData, TwoColumnPageData, TwoColumnSettingsData> = {
  id: 'two-column',
  name: { fr: 'Deux colonnes (pour / contre)', en: 'Two columns (pros / cons)' },
  phases: ['deepening'],
  configSchema: twoColumnConfig,
  Component: TwoColumnSummary,
  Page: TwoColumnPage,
  Settings: TwoColumnSettings,
  defaultConfig: defaultTwoColumnConfig,
  realtimeEvents: ['post:changed', 'summary:changed'],
  namespaces: ['two-column', 'posts'],
};

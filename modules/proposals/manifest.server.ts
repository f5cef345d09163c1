import { pickLanguage, type LocalizedText } from '../../platform/i18n/languages';
import type { ModuleContext, ModuleServer } from '../../platform/modules/server';
import { can } from '../../platform/policy';
import { proposalsManifest, type ProposalsConfig } from './manifest';
import { decide, decideMany, groupDuplicates, moderationWorkspace, release, supervisionOf, takeNext } from './moderation.server';
import { acceptedCount, castVote, myProposals, propose, proposalExportRows, proposalPage, proposalsSummary, qualify, similarProposals } from './participation.server';
import type { ProposalsSettingsData } from './participation-data';
import type { ProposalsPageData, ProposalsView, ProposalsViewer } from './proposals-data';
import { resultsPage } from './results-page.server';
import { refreshResults } from './results.server';
import { resultsDownload } from './results-export.server';
import { nextStack, sequenceFor } from './sequence.server';
import { loadProposalsSettings, proposalsConfigFromForm } from './settings.server';

type Context = ModuleContext<ProposalsConfig>;

const views: readonly ProposalsView[] = ['sequence', 'propose', 'proposal', 'mine', 'moderate', 'supervise', 'results', 'dashboard', 'report'];

export function viewerOf(context: Context): ProposalsViewer {
  const { actor, consultation, open } = context;
  const signedIn = actor.userId !== null;
  return {
    signedIn,
    mayPropose: open && signedIn && can(actor, 'contributions.post', consultation),
    mayVote: open && signedIn && can(actor, 'votes.cast', consultation),
    mayModerate: can(actor, 'consultation.moderate', consultation),
    mayAnalyse: can(actor, 'results.view', consultation),
  };
}

/** The prefix in the reader's language. */
export function prefixFor(context: Context): { text: string; lang: string } {
  return pickLanguage(context.instance.config.prefix, context.locale, context.consultation.default_language);
}

async function themesFor({ db, consultation, locale }: Context): Promise<ProposalsPageData['themes']> {
  const rows = await db.selectFrom('themes').select(['id', 'title', 'parent_id', 'position']).where('consultation_id', '=', consultation.id).orderBy('position').execute();
  return rows.map((row) => ({ id: row.id, title: pickLanguage(row.title as LocalizedText, locale, consultation.default_language).text, parentId: row.parent_id }));
}

export const proposalsServer: ModuleServer<ProposalsConfig, Awaited<ReturnType<typeof proposalsSummary>>, ProposalsPageData, ProposalsSettingsData> = {
  id: proposalsManifest.id,

  load: proposalsSummary,

  /**
   * `?view=` picks the view (the card stack by default); `?proposal=<id>` opens one proposal;
   * `?embed=1` is the embedded widget's card stack (its votes are marked as such).
   */
  async page(context, query) {
    const viewer = viewerOf(context);
    const proposalId = query.get('proposal');
    const asked = query.get('view') as ProposalsView | null;
    let view: ProposalsView = proposalId ? 'proposal' : asked && views.includes(asked) ? asked : 'sequence';
    // The team's views are for the team: anyone else gets the card stack.
    if ((view === 'moderate' || view === 'supervise') && !viewer.mayModerate) view = 'sequence';
    if ((view === 'dashboard' || view === 'report') && !viewer.mayAnalyse) view = 'results';
    const embedded = query.get('embed') === '1';
    return {
      title: proposalsManifest.name,
      view,
      viewer,
      prefix: prefixFor(context),
      minChars: context.instance.config.minChars,
      maxChars: context.instance.config.maxChars,
      themes: context.instance.config.askTheme ? await themesFor(context) : [],
      embedded,
      sequence: view === 'sequence' ? await sequenceFor(context, embedded ? 'widget' : 'sequence') : null,
      proposal: view === 'proposal' && proposalId ? await proposalPage(context, proposalId) : null,
      mine: view === 'mine' ? await myProposals(context) : null,
      moderation: view === 'moderate' ? await moderationWorkspace(context, query) : null,
      supervision: view === 'supervise' ? await supervisionOf(context) : null,
      results: view === 'results' || view === 'dashboard' || view === 'report' ? await resultsPage(context, query, view) : null,
    };
  },

  actions: {
    propose,
    similar: similarProposals,
    vote: castVote,
    qualify,
    next: nextStack,
    take: takeNext,
    decide,
    decideMany,
    group: groupDuplicates,
    release,
  },

  // Moderators work through the backlog after the phase closes.
  teamActions: ['take', 'decide', 'decideMany', 'group', 'release'],

  settings: {
    load: loadProposalsSettings,
    save: proposalsConfigFromForm,
  },

  download: resultsDownload,

  exportRows: proposalExportRows,

  candidateItems: acceptedCount,

  refresh: (db, instance) => refreshResults(db, instance),
};
